import Foundation
import Streams

/// What a stream is read from: one file, stdin or tape (`InputDevice`), or the volumes of a split
/// stream (`VolumeSetInput`).
public protocol StreamInput: ByteSource {
    /// A disk read raw: what follows the stream there is old data, not padding.
    var isBlockDevice: Bool { get }
    /// Called once the end-of-archive marker was read: from now on waiting, or a missing volume,
    /// ends the input instead of failing it.
    func endReadsWhenIdle(after seconds: TimeInterval)
    /// Reads and drops what follows the stream (a writer's padding), within bounds.
    func discardRest(limit: Int64, idle: TimeInterval)
}

extension InputDevice: StreamInput {}

extension InputDevice {
    /// `path` read as a stream: a path ending in `.000` is the first of a split stream's volumes,
    /// read on through `.001`, `.002`, …; `waitForVolume` (given a missing volume's name)
    /// returns once someone made it available, or throws; without it a missing volume is an error.
    public static func openStream(_ path: String, blockSize: Int,
                                  waitForVolume: (@Sendable (String) throws -> Void)? = nil) throws -> any StreamInput {
        if let names = VolumeNames(firstVolume: path) {
            return try VolumeSetInput(names: names, blockSize: blockSize, waitForVolume: waitForVolume)
        }
        return try open(path, blockSize: blockSize)
    }
}
