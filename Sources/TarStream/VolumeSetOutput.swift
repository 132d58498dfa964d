import Foundation
import Streams

/// Writes a stream as volumes of at most `volumeSize` bytes each (`VolumeNames`): what
/// `serialize --split` writes for media smaller than the stream (DVDs, a FAT32 stick's 4 GiB file
/// limit). Each volume is an `OutputDevice` (locked, cut, written back as it grows); a full one is
/// synced and closed before the next is created, so a durable offset is durable in every volume
/// before it. Offsets stay offsets in the whole stream: resuming at one cuts the volume holding it
/// and removes the later ones.
// Invariant: `lock` guards `current`, `index` and `used`; the block writer's one thread writes.
public final class VolumeSetOutput: ClosableOutput, @unchecked Sendable {
    public let names: VolumeNames
    public let volumeSize: Int64
    public var kind: OutputDevice.Kind { .regularFile }
    private var current: OutputDevice
    private var index: Int
    /// Bytes in the current volume.
    private var used: Int64
    private let lock = NSLock()

    /// Opens the volume holding stream offset `resumeAt` (0: a new set, the first volume) and
    /// removes any volume after it.
    public init(names: VolumeNames, volumeSize: Int64, resumeAt: Int64 = 0) throws {
        guard volumeSize > 0 else { throw TarStreamError.invalidArgument("volume size \(volumeSize): must be positive") }
        self.names = names
        self.volumeSize = volumeSize
        index = Int(resumeAt / volumeSize)
        used = resumeAt % volumeSize
        current = try OutputDevice.open(names.name(index), resumeAt: resumeAt > 0 ? used : nil)
        for later in names.existingIndexes() where later > index {
            guard unlink(names.name(later)) == 0 else {
                throw TarStreamError.io(path: names.name(later), operation: "remove", errno: errno)
            }
        }
    }

    /// Writes `bytes`, filling the current volume and going on in the next.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        lock.lock(); defer { lock.unlock() }
        var rest = bytes
        while !rest.isEmpty {
            if used == volumeSize { try nextVolume() }
            let count = Int(min(Int64(rest.count), volumeSize - used))
            try current.write(UnsafeRawBufferPointer(rebasing: rest[..<count]))
            used += Int64(count)
            rest = UnsafeRawBufferPointer(rebasing: rest[count...])
        }
    }

    public func sync() throws {
        lock.lock(); defer { lock.unlock() }
        try current.sync()
    }

    /// Closes the last volume. One that is full is followed by an empty volume, so that the last
    /// volume of a set is always shorter than the others: how a reader knows the set ends there.
    public func close() throws {
        lock.lock(); defer { lock.unlock() }
        try current.close()
        if used == volumeSize {
            let empty = try OutputDevice.open(names.name(index + 1))
            try empty.sync()
            try empty.close()
        }
    }

    private func nextVolume() throws {
        try current.sync()
        try current.close()
        index += 1
        current = try OutputDevice.open(names.name(index))
        used = 0
    }
}
