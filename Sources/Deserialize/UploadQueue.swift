import Foundation
import OCI

/// Blobs already read and verified (small ones in memory, large ones spooled to disk), uploaded
/// a few at a time while the stream goes on: per-request latency (HEAD, POST, PUT) and each
/// upload's own pace overlap the reading instead of adding up blob by blob.
/// Used by the one task that reads the stream.
final class UploadQueue {
    /// One finished upload.
    struct Done: Sendable {
        var digest: Digest
        var size: Int64
        var existed: Bool
    }

    private let limit: Int
    private let byteLimit: Int64
    private var running: [(task: Task<Done, any Error>, bytes: Int64)] = []
    private var held: Int64 = 0
    private var finished: [Done] = []

    /// At most `limit` uploads at once, holding at most `byteLimit` bytes of spooled blobs.
    init(limit: Int, byteLimit: Int64 = .max) {
        self.limit = max(1, limit)
        self.byteLimit = byteLimit
    }

    /// Whether an upload holding `bytes` could start once the others are done.
    func fits(_ bytes: Int64) -> Bool { bytes <= byteLimit }

    /// Starts `upload`, which holds `bytes` (of spool) until it ends; first waits for the oldest
    /// uploads while `limit` are running or the bytes would not fit.
    func submit(holding bytes: Int64 = 0, _ upload: @escaping @Sendable () async throws -> Done) async throws {
        while let oldest = running.first, running.count >= limit || held.addingSaturated(bytes) > byteLimit {
            running.removeFirst()
            held -= oldest.bytes
            finished.append(try await oldest.task.value)
        }
        held += bytes
        running.append((Task { try await upload() }, bytes))
    }

    /// Waits until `bytes` more could be held (for spooling a blob before submitting it).
    func makeRoom(for bytes: Int64) async throws {
        while let oldest = running.first, held.addingSaturated(bytes) > byteLimit {
            running.removeFirst()
            held -= oldest.bytes
            finished.append(try await oldest.task.value)
        }
    }

    /// Uploads finished since the last call.
    func completed() -> [Done] {
        defer { finished.removeAll() }
        return finished
    }

    /// Waits for every upload; the first failure is thrown once the others are cancelled and
    /// have ended.
    func drain() async throws -> [Done] {
        do {
            while let oldest = running.first {
                running.removeFirst()
                held -= oldest.bytes
                finished.append(try await oldest.task.value)
            }
        } catch {
            await cancelAndWait()
            throw error
        }
        return completed()
    }

    /// Cancels every upload and waits until each has ended (their outcomes are dropped), so
    /// none still reads a spooled file or talks to the registry after the run gave up.
    func cancelAndWait() async {
        let all = running
        running.removeAll()
        held = 0
        for upload in all { upload.task.cancel() }
        for upload in all { _ = try? await upload.task.value }
    }
}
