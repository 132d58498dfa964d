import Foundation
import Streams
import OCI
import TarStream

#if canImport(Glibc)
import Glibc
#endif

/// Appends checkpoint lines once their entries are durable on the medium. Entries are queued by the
/// tar producer as they complete; the block writer's thread reports each durable offset, and every
/// queued record at or below it is written and the ledger itself fsynced, so a line never claims
/// an entry the medium could still lose.
// Invariant: after `start()`, which runs before any other thread holds it, `fd`, `pending`,
// `durable` and `failure` are touched only with `lock` held.
final class CheckpointWriter: @unchecked Sendable {
    private let path: String
    private var fd: Int32
    private var pending: [CheckpointLedger.Record] = []
    private var durable: Int64
    private let keepingBytes: Int
    private var failure: Error?
    private let lock = NSLock()

    /// Opens and locks the ledger without changing it; `start()` then truncates it, or with
    /// `keepingBytes` cuts it to that many bytes of valid lines and appends after them (resuming).
    /// Two steps, so a run opens and checks the stream file too before it cuts anything: a bad
    /// DEST must not empty a good checkpoint, nor a bad checkpoint a good stream.
    /// `durable` is what the medium already holds.
    init(path: String, keepingBytes: Int? = nil, durable: Int64 = 0) throws {
        self.path = path
        self.durable = durable
        self.keepingBytes = keepingBytes ?? 0
        // Cut only once locked (as the stream file is): another run's checkpoint is left alone.
        fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw CheckpointWriter.ioError("open", path) }
        switch FileLock.exclusive(fd) {
        case .locked, .unsupported: break
        case .busy:
            throw SerializeError.checkpointBusy(path)
        case .failed:
            throw CheckpointWriter.ioError("lock", path)
        }
    }

    /// Cuts the ledger to the kept lines and positions the next line after them.
    func start() throws {
        let keep = keepingBytes
        guard ftruncate(fd, off_t(keep)) == 0, lseek(fd, off_t(keep), SEEK_SET) >= 0 else {
            throw CheckpointWriter.ioError("truncate", path)
        }
    }

    deinit { if fd >= 0 { _ = Glibc.close(fd) } }

    /// Queues a completed entry; written at once if the medium already holds it. Rethrows a
    /// failure of the ledger itself, so a run never goes on for hours with a broken checkpoint.
    func entryCompleted(_ record: CheckpointLedger.Record) throws {
        lock.lock(); defer { lock.unlock() }
        if let failure { throw failure }
        pending.append(record)
        try flushLocked()
    }

    /// Called by the block writer's thread with the offset now durable on the medium.
    func mediumDurable(upTo offset: Int64) {
        lock.lock(); defer { lock.unlock() }
        durable = max(durable, offset)
        try? flushLocked()
    }

    /// Writes what is durable and closes; rethrows a failure seen on the writer thread.
    func close() throws {
        lock.lock(); defer { lock.unlock() }
        try? flushLocked()
        if fd >= 0 { _ = Glibc.close(fd); fd = -1 }
        if let failure { throw failure }
    }

    /// After the first failure nothing more is written: a torn line stays the last one, which a
    /// reader ignores, instead of being followed by lines a reader would reject.
    private func flushLocked() throws {
        if let failure { throw failure }
        do {
            try writeReadyLocked()
        } catch {
            failure = error
            if fd >= 0 { _ = Glibc.close(fd); fd = -1 }
            throw error
        }
    }

    private func writeReadyLocked() throws {
        guard fd >= 0 else { return }
        let ready = pending.prefix { $0.offset <= durable }
        guard !ready.isEmpty else { return }
        var data = Data()
        for record in ready { data.append(record.line) }
        pending.removeFirst(ready.count)
        if let code = data.withUnsafeBytes({ DescriptorWriter.writeAll(fd, $0) }) {
            throw CheckpointWriter.ioError("write", path, code: code)
        }
        guard fsync(fd) == 0 else { throw CheckpointWriter.ioError("fsync", path) }
    }

    private static func ioError(_ operation: String, _ path: String, code: Int32 = errno) -> SerializeError {
        SerializeError.badCheckpoint(path, reason: "\(operation) failed: \(String(cString: strerror(code)))")
    }
}
