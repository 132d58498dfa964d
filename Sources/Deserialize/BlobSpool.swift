import Foundation
import OCI
import Registry
import Store

/// Large blobs of a stream, written to local disk (verified) so several can upload at once.
///
/// A tar stream is sequential: a blob streamed straight into a registry holds the reading until
/// the registry has taken it all, and one upload at a time is far below what a registry ingests
/// in parallel. Copying a blob to disk runs at disk speed; the uploads then overlap each other
/// and the reading of the next entries. A spooled upload can also be retried from any offset,
/// which a stream cannot. Each run has a directory of its own, removed when the run ends (and
/// found and removed by a later run if a crash left it behind).
final class BlobSpool: @unchecked Sendable {
    private let directory: URL
    /// Bytes of spooled blobs that may wait for upload at once; a blob bigger than this streams.
    let budget: Int64

    init(parent: URL, budget: Int64) throws {
        Self.removeAbandoned(in: parent)
        directory = parent.appendingPathComponent("run-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        self.budget = budget
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    /// `$XDG_CACHE_HOME/ferry/spool` (else `~/.cache/ferry/spool`): on disk, where /tmp may be RAM.
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
        let sink = try VerifyingFileSink(temporaryPath: path + ".partial", algorithm: descriptor.digest.algorithm, durable: false)
        do {
            try source.copy(into: sink)
            try sink.commit(to: path, expected: descriptor)
        } catch {
            sink.discard()
            throw error
        }
        return path
    }

    func remove(_ path: String) {
        unlink(path)
    }

    /// Run directories whose process is gone (a crash or kill -9 skipped their removal).
    private static func removeAbandoned(in parent: URL) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? []
        for name in names where name.hasPrefix("run-") {
            guard let pid = Int32(name.dropFirst(4).prefix { $0 != "-" }) else { continue }
            if pid == getpid() || kill(pid, 0) == 0 || errno == EPERM { continue }   // still running
            try? FileManager.default.removeItem(at: parent.appendingPathComponent(name))
        }
    }
}
