import OCI
import Streams

/// Passes a stream's bytes through while hashing and counting them: the sha256 of a whole
/// medium, taken on the one pass that also reads its entries (nothing is read twice).
// Invariant: used by one reader at a time (the scan's thread).
final class HashingSource: ByteSource, @unchecked Sendable {
    private let base: any ByteSource
    private let hasher = DigestHasher(.sha256)

    init(_ base: any ByteSource) { self.base = base }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = try base.read(into: buffer)
        if count > 0 { hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<count])) }
        return count
    }

    func close() { base.close() }

    /// Bytes passed so far.
    var byteCount: Int64 { hasher.byteCount }

    /// Reads what is left (padding after the tar, a compressed stream's tail) so the digest
    /// covers the medium to its end, unless `drain` is false; returns the digest.
    func finish(drain: Bool) throws -> Digest {
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while drain, try buffer.withUnsafeMutableBytes({ try read(into: $0) }) > 0 {}
        return hasher.finalize()
    }
}
