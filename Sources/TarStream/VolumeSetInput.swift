import Foundation
import Streams

/// Reads the volumes of a split stream (`DEST.000`, `DEST.001`, …) as the one stream their
/// concatenation is. The next volume is opened when the current one ends.
///
/// Every volume but the last is as long as the first, and the last is shorter (the writer adds an
/// empty one after a full last volume). So after a volume shorter than the first, or after the
/// end-of-archive marker, a missing volume ends the input. After a full volume it is an error
/// naming it — or, with `waitForVolume`, a wait until it is there (the medium changed). After the
/// first volume alone nothing tells (its length may be the stream's or the volume size): without
/// `waitForVolume` the input then ends, and a stream cut short there is reported as the missing
/// volume by the tar reader (`missingVolume`); with it, the volume is waited for.
// Invariant: `lock` guards `current`, `index` and `ended`; one reader at a time.
public final class VolumeSetInput: StreamInput, @unchecked Sendable {
    public let names: VolumeNames
    private let blockSize: Int
    private let waitForVolume: (@Sendable (String) throws -> Void)?
    private var current: InputDevice
    private var index = 0
    private var ended = false
    private let firstSize: Int64
    private var missing: String?
    private let lock = NSLock()

    public init(names: VolumeNames, blockSize: Int, waitForVolume: (@Sendable (String) throws -> Void)? = nil) throws {
        self.names = names
        self.blockSize = blockSize
        self.waitForVolume = waitForVolume
        while VolumeNames.fileSize(names.name(0)) == nil, let waitForVolume { try waitForVolume(names.name(0)) }
        current = try InputDevice.open(names.name(0), blockSize: blockSize)
        firstSize = VolumeNames.fileSize(names.name(0)) ?? 0
    }

    /// The volume whose absence ended the input early, if one did.
    public var missingVolume: String? {
        lock.lock(); defer { lock.unlock() }
        return missing
    }

    public var isBlockDevice: Bool { false }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        lock.lock(); defer { lock.unlock() }
        while true {
            let count = try current.read(into: buffer)
            if count > 0 || buffer.isEmpty { return count }
            guard try openNext() else { return 0 }
        }
    }

    public func endReadsWhenIdle(after seconds: TimeInterval) {
        lock.lock(); defer { lock.unlock() }
        ended = true
        current.endReadsWhenIdle(after: seconds)
    }

    public func discardRest(limit: Int64, idle: TimeInterval) {
        lock.lock(); defer { lock.unlock() }
        current.discardRest(limit: limit, idle: idle)
    }

    public func close() {
        lock.lock(); defer { lock.unlock() }
        current.close()
    }

    /// Moves to the next volume; false when there is none and the stream has ended.
    private func openNext() throws -> Bool {
        let next = names.name(index + 1)
        while VolumeNames.fileSize(next) == nil {
            let size = VolumeNames.fileSize(names.name(index)) ?? 0
            if ended || (index > 0 && size < firstSize) { return false }
            if let waitForVolume {
                try waitForVolume(next)
            } else if index == 0 {
                missing = next
                return false
            } else {
                throw TarStreamError.missingVolume(next)
            }
        }
        current.close()
        current = try InputDevice.open(next, blockSize: blockSize)
        index += 1
        return true
    }
}
