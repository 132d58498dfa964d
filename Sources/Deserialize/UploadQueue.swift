import Foundation
import OCI

/// Small blobs, already read and verified, uploaded a few at a time while the stream goes on:
/// per-request latency (HEAD, POST, PUT) overlaps the reading instead of adding up blob by blob.
/// Used by the one task that reads the stream.
final class UploadQueue: @unchecked Sendable {
    /// One finished upload.
    struct Done: Sendable {
        var digest: Digest
        var size: Int64
        var existed: Bool
    }

    private let limit: Int
    private var running: [Task<Done, any Error>] = []
    private var finished: [Done] = []

    init(limit: Int) { self.limit = max(1, limit) }

    /// Starts `upload`; first waits for the oldest one while `limit` are running.
    func submit(_ upload: @escaping @Sendable () async throws -> Done) async throws {
        if running.count >= limit { finished.append(try await running.removeFirst().value) }
        running.append(Task { try await upload() })
    }

    /// Uploads finished since the last call.
    func completed() -> [Done] {
        defer { finished.removeAll() }
        return finished
    }

    /// Waits for every upload; the first failure is thrown (the others are cancelled).
    func drain() async throws -> [Done] {
        defer { cancelAll() }
        while !running.isEmpty { finished.append(try await running.removeFirst().value) }
        return completed()
    }

    func cancelAll() {
        for task in running { task.cancel() }
        running.removeAll()
    }
}
