import Foundation
import OCI
import Registry

/// Hashes a blob while it is read and fails its last read when size or digest is wrong, so a
/// consumer (a tar stream, an upload) never completes with bytes that do not match the descriptor.
/// Local files need this as much as downloads: a layout on disk can rot or be edited.
public final class VerifyingSource: ByteSource, @unchecked Sendable {
    private let base: any ByteSource
    private let expected: Descriptor
    private let hasher: DigestHasher
    private var count: Int64 = 0
    private let lock = NSLock()

    public init(_ base: any ByteSource, expected: Descriptor) {
        self.base = base
        self.expected = expected
        self.hasher = DigestHasher(expected.digest.algorithm)
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        lock.lock(); defer { lock.unlock() }
        let n = try base.read(into: buffer)
        if n > 0 {
            count += Int64(n)
            guard count <= expected.size else {
                throw StoreError.sizeMismatch(digest: expected.digest, expected: expected.size, actual: count)
            }
            hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
            return n
        }
        guard count == expected.size else {
            throw StoreError.sizeMismatch(digest: expected.digest, expected: expected.size, actual: count)
        }
        let actual = hasher.finalize()
        guard actual == expected.digest else { throw StoreError.digestMismatch(expected: expected.digest, actual: actual) }
        return 0
    }

    public func close() { base.close() }
}
