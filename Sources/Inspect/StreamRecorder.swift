import Foundation
import OCI
import Streams
import TarStream

/// What `serialize --receipt` needs of the stream it writes, taken as the bytes pass: their sha256
/// and count after compression, and each entry with where it ends. The padding the block writer
/// adds after the last byte is hashed too, so the receipt's sha256 is that of the medium's bytes
/// (what `sha256sum FILE` prints).
// Invariant: used by the one thread that produces the tar (the sink calls come from its writes).
public final class StreamRecorder: @unchecked Sendable {
    private let hasher = DigestHasher(.sha256)
    private let compression: StreamCompression
    private let blockSize: Int
    public private(set) var entries: [ScannedEntry] = []

    public init(compression: StreamCompression, blockSize: Int) {
        self.compression = compression
        self.blockSize = max(blockSize, 1)
    }

    /// A sink that hashes what it passes on to `next`.
    public func tee(_ next: any ByteSink) -> any ByteSink { TeeSink(next: next, hasher: hasher) }

    /// Notes an entry just written in full; `end` is the tar writer's position after it.
    public func entry(_ path: String, digest: Digest, size: Int64, end: Int64) {
        entries.append(ScannedEntry(path: path, digest: digest, size: size, end: end))
    }

    /// Notes a small document entry, hashing its bytes.
    public func entry(_ path: String, data: Data, end: Int64) {
        entry(path, digest: Digest.sha256(of: data), size: Int64(data.count), end: end)
    }

    /// Once the tar is finished: adds the padding the block writer puts after it and returns the
    /// stream's facts as they lie on the medium.
    public func finish() -> Receipt.StreamFacts {
        let written = hasher.byteCount
        let gap = Int((Int64(blockSize) - written % Int64(blockSize)) % Int64(blockSize))
        BlockPadding(for: compression).bytes(filling: gap, blockSize: blockSize).withUnsafeBytes { hasher.update($0) }
        return Receipt.StreamFacts(sha256: hasher.finalize(), size: hasher.byteCount,
                                   compression: compression.rawValue, blockSize: blockSize)
    }
}

/// Hashes bytes on their way to the next sink.
private final class TeeSink: ByteSink, @unchecked Sendable {
    private let next: any ByteSink
    private let hasher: DigestHasher

    init(next: any ByteSink, hasher: DigestHasher) {
        self.next = next
        self.hasher = hasher
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        hasher.update(bytes)
        try next.write(bytes)
    }
}
