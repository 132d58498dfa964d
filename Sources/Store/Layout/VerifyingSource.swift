import Foundation
import OCI
import Registry
import Streams

/// Hashes a blob while it is read and fails when size or digest is wrong, so a consumer (a tar
/// stream, an upload) never completes with bytes that do not match the descriptor. Local files
/// need this as much as downloads: a layout on disk can rot or be edited.
///
/// The check runs on the read that completes `expected.size` bytes, not on a later read of the
/// end: uploaders and tar writers read exactly the size they were told and never ask for the end,
/// so a check at end of input would never run for them. `mismatch` keeps the reason, for a
/// consumer that reports its own error (a registry's DIGEST_INVALID) instead of this one.
// Invariant: `count`, `checked`, `failure` and `hasher` are touched only with `lock` held.
public final class VerifyingSource: ByteSource, @unchecked Sendable {
    private let base: any ByteSource
    private let expected: Descriptor
    private let hasher: DigestHasher
    private var count: Int64 = 0
    private var checked = false
    private var failure: StoreError?
    private let lock = NSLock()

    public init(_ base: any ByteSource, expected: Descriptor) {
        self.base = base
        self.expected = expected
        self.hasher = DigestHasher(expected.digest.algorithm)
    }

    /// Why the bytes did not verify, once a read has found out.
    public var mismatch: StoreError? { lock.lock(); defer { lock.unlock() }; return failure }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        lock.lock(); defer { lock.unlock() }
        if let failure { throw failure }
        let n = try base.read(into: buffer)
        count += Int64(n)
        if count > expected.size {
            failure = .sizeMismatch(digest: expected.digest, expected: expected.size, actual: count)
        } else {
            hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
            if !checked && (n == 0 || count == expected.size) {
                checked = true
                if count != expected.size {
                    failure = .sizeMismatch(digest: expected.digest, expected: expected.size, actual: count)
                } else if case let actual = hasher.finalize(), actual != expected.digest {
                    failure = .digestMismatch(expected: expected.digest, actual: actual)
                }
            }
        }
        if let failure { throw failure }
        return n
    }

    public func close() { base.close() }
}
