import Foundation
import OCI
import Registry

#if canImport(Glibc)
import Glibc
import Streams
#endif

/// Writes a new file under a temporary name, hashing as it goes; `commit` verifies and renames it
/// into place, so a half-written or wrong blob is never visible under its digest.
// Invariant: `fd`, `hasher` and `written` are touched only with `lock` held.
public final class VerifyingFileSink: ByteSink, @unchecked Sendable {
    public let temporaryPath: String
    private var fd: Int32
    private let hasher: DigestHasher
    private var written: Int64 = 0
    private let lock = NSLock()
    /// The disk writes while the blob arrives, so the fsync in `commit` has little left to wait for.
    private var writeback: WritebackWindow?
    private let durable: Bool

    /// `durable: false` for a scratch file deleted soon after (no writeback, no fsync): its
    /// pages may never need to reach the disk at all.
    public init(temporaryPath: String, algorithm: Digest.Algorithm = .sha256, durable: Bool = true) throws {
        self.temporaryPath = temporaryPath
        self.hasher = DigestHasher(algorithm)
        self.durable = durable
        self.writeback = durable ? WritebackWindow(from: 0) : nil
        fd = try RegularFile.create(temporaryPath)
    }

    deinit { discard() }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        lock.lock(); defer { lock.unlock() }
        guard bytes.baseAddress != nil else { return }
        hasher.update(bytes)
        if let code = DescriptorWriter.writeAll(fd, bytes) {
            throw StoreError.io(path: temporaryPath, operation: "write", errno: code)
        }
        written += Int64(bytes.count)
        if let code = writeback?.wrote(fd: fd, upTo: written) {
            throw StoreError.io(path: temporaryPath, operation: "write back", errno: code)
        }
    }

    /// Writes all of `source` to `temporaryPath` and renames it to `finalPath` once size and
    /// digest match `expected`; on any failure the temporary file goes and nothing appears.
    public static func store(_ source: any ByteSource, as expected: Descriptor, temporaryPath: String,
                             finalPath: String, durable: Bool = true) throws {
        let sink = try VerifyingFileSink(temporaryPath: temporaryPath, algorithm: expected.digest.algorithm, durable: durable)
        do {
            try source.copy(into: sink)
            try sink.commit(to: finalPath, expected: expected)
        } catch {
            sink.discard()
            throw error
        }
    }

    /// Checks size and digest, flushes to disk (when durable), and renames to `finalPath`.
    public func commit(to finalPath: String, expected: Descriptor) throws {
        lock.lock(); defer { lock.unlock() }
        let digest = hasher.finalize()
        guard written == expected.size else {
            throw StoreError.sizeMismatch(digest: expected.digest, expected: expected.size, actual: written)
        }
        guard digest == expected.digest else {
            throw StoreError.digestMismatch(expected: expected.digest, actual: digest)
        }
        if durable, fsync(fd) != 0 { throw StoreError.io(path: temporaryPath, operation: "fsync", errno: errno) }
        Glibc.close(fd)
        fd = -1
        guard rename(temporaryPath, finalPath) == 0 else {
            throw StoreError.io(path: finalPath, operation: "rename", errno: errno)
        }
    }

    /// Removes the temporary file (after a failure).
    public func discard() {
        lock.lock(); defer { lock.unlock() }
        if fd >= 0 {
            Glibc.close(fd)
            fd = -1
            unlink(temporaryPath)
        }
    }
}
