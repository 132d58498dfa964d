import Foundation
import OCI
import Registry
import Store
import Streams
import TarStream

/// Large blobs of a stream, written to local disk (verified) so several can upload at once.
///
/// A tar stream is sequential: a blob streamed straight into a registry holds the reading until
/// the registry has taken it all, and one upload at a time is far below what a registry ingests
/// in parallel. Copying a blob to disk runs at disk speed; the uploads then overlap each other
/// and the reading of the next entries. A spooled upload can also be retried from any offset,
/// which a stream cannot. Each run has a directory of its own, locked while the run lives and
/// removed when it ends; a later run removes one whose lock is free (a crash or kill -9 left it).
final class BlobSpool: Sendable {
    private let directory: URL
    /// The open, locked file that marks the directory as in use (flock: freed by any exit).
    private let lockFile: Int32
    /// Bytes of spooled blobs that may wait for upload at once; a blob bigger than this streams.
    let budget: Int64
    private static let lockName = ".lock"

    init(parent: URL, budget: Int64) throws {
        Self.removeAbandoned(in: parent)
        directory = parent.appendingPathComponent("run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        lockFile = open(directory.appendingPathComponent(Self.lockName).path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard lockFile >= 0 else { throw StoreError.io(path: directory.path, operation: "create lock", errno: errno) }
        _ = FileLock.exclusive(lockFile)
        self.budget = budget
    }

    deinit {
        removeAll()
        close(lockFile)
    }

    /// Removes the run's directory and everything in it (idempotent).
    func removeAll() {
        try? FileManager.default.removeItem(at: directory)
    }

    /// `$XDG_CACHE_HOME/ferry/spool` (else `~/.cache/ferry/spool`): on disk, where /tmp may be
    /// RAM (the temporary directory only when there is no home at all).
    static func standardDirectory() -> URL {
        (CacheDirectory.ferry() ?? FileManager.default.temporaryDirectory.appendingPathComponent("ferry-cache"))
            .appendingPathComponent("spool")
    }

    /// The budget a run gets: `wanted`, but never more than a quarter of the free space there.
    static func budget(wanted: Int64, at directory: URL) -> Int64 {
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        guard let free = (try? FileManager.default.attributesOfFileSystem(forPath: directory.path))?[.systemFreeSize] as? Int64 else {
            return 0
        }
        return min(wanted, free / 4)
    }

    /// Copies the entry to a file, verifying size and digest (a mismatch throws `StoreError`
    /// and leaves nothing behind). Returns the file's path.
    func write(_ descriptor: Descriptor, from source: any ByteSource) throws -> String {
        let path = directory.appendingPathComponent("\(descriptor.digest.algorithm.rawValue)-\(descriptor.digest.encoded)").path
        try VerifyingFileSink.store(source, as: descriptor, temporaryPath: path + ".partial", finalPath: path, durable: false)
        return path
    }

    func remove(_ path: String) {
        unlink(path)
    }

    /// Run directories of runs that are gone: their lock is free, or (a file system without
    /// locks, or a crash before the lock existed) they are a day old.
    private static func removeAbandoned(in parent: URL) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? []
        for name in names where name.hasPrefix("run-") {
            let run = parent.appendingPathComponent(name)
            if isAbandoned(run) { try? FileManager.default.removeItem(at: run) }
        }
    }

    private static func isAbandoned(_ run: URL) -> Bool {
        let fd = open(run.appendingPathComponent(lockName).path, O_RDWR | O_CLOEXEC)
        if fd >= 0 {
            defer { close(fd) }
            switch FileLock.exclusive(fd) {
            case .locked: return true
            case .busy: return false
            case .unsupported, .failed: break
            }
        }
        let modified = (try? FileManager.default.attributesOfItem(atPath: run.path))?[.modificationDate] as? Date
        return modified.map { Date().timeIntervalSince($0) > 24 * 3600 } ?? false
    }
}
