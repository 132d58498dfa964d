import Foundation
import OCI
import Registry
import Streams
import Testing
import ClientTestSupport
import TestSupport

/// A source that hands out `good` bytes and then fails, like a file on a dying disk.
private final class FailingSource: ByteSource, @unchecked Sendable {
    struct Broken: Error, CustomStringConvertible { var description: String { "source broke" } }
    private var remaining: Int
    init(failAfter good: Int) { remaining = good }
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard remaining > 0 else { throw Broken() }
        let n = min(remaining, buffer.count)
        for i in 0..<n { buffer[i] = 0x5a }
        remaining -= n
        return n
    }
}

/// Upload sessions a failed or interrupted push opened must not stay behind on the registry.
@Suite(.serialized) struct UploadSessionTests {
    /// Upload sessions the registry still holds for `repository`: directories under `_uploads`
    /// with a `startedat` (what distribution looks up to resume a session; without it the
    /// location answers 404 BLOB_UPLOAD_UNKNOWN) or bytes in `data`. A cancel in distribution 2.8
    /// removes both but leaves an empty `hashstates/sha256/0` behind for its purge job.
    private func openSessions(_ server: RegistryServer, _ repository: String) -> [String] {
        let uploads = server.storageDirectory.appendingPathComponent("docker/registry/v2/repositories/\(repository)/_uploads")
        let sessions = (try? FileManager.default.contentsOfDirectory(atPath: uploads.path)) ?? []
        return sessions.filter { session in
            ["startedat", "data"].contains { FileManager.default.fileExists(atPath: uploads.appendingPathComponent("\(session)/\($0)").path) }
        }
    }

    private func failingPush(chunkSize: Int64, knownOrphan: Bool = false) async throws {
        let server = try await RegistryServer.start(.plain)
        defer { server.stop() }
        let blob = TestBlob(bytes: 600_000, seed: 91)
        let client = makeClient(host: server.host, chunkSize: chunkSize)
        do {
            try await client.pushBlob(blob.descriptor, to: Repository(registry: server.host, name: "orphans/a")) { _ in
                FailingSource(failAfter: 300_000)
            }
            Issue.record("expected the source's failure")
        } catch {
            #expect(error is FailingSource.Broken, "the original error, not the cleanup's: \(error)")
        }
        #expect(server.accessLog().contains { $0.method == "DELETE" && $0.path.contains("/blobs/uploads/") })
        if knownOrphan {
            withKnownIssue("distribution 2.8 refuses to cancel a session whose PUT body broke off", isIntermittent: true) {
                #expect(openSessions(server, "orphans/a").isEmpty)
            }
        } else {
            #expect(openSessions(server, "orphans/a").isEmpty)
        }
    }

    /// A PUT that breaks off mid-body: the DELETE is sent, but when the registry has already
    /// stored part of the body, distribution 2.8 answers BLOB_UPLOAD_INVALID (its state token
    /// names offset 0, the session holds more) and keeps the session until its upload purge.
    /// Whether it got there first is a race, so the leftover is an intermittent known issue.
    @Test func failingSourceInAMonolithicPutTriesToCancel() async throws {
        try await failingPush(chunkSize: 0, knownOrphan: true)
    }

    @Test func failingSourceCancelsTheChunkedSession() async throws {
        try await failingPush(chunkSize: 256 << 10)
    }

    /// Registry to registry through a pipe, in 1 MiB chunks: the download fails verification in
    /// the second chunk (the pipe reports it at the last byte).
    @Test func blobFailingVerificationMidStreamCancelsTheSession() async throws {
        let source = try await RegistryServer.start(.plain)
        let target = try await RegistryServer.start(.plain)
        let proxy = try FaultProxy(upstream: source.host)
        defer { proxy.stop(); source.stop(); target.stop() }
        let blob = TestBlob(bytes: 2 << 20, seed: 92)
        let data = blob.data
        try await makeClient(host: source.host).pushBlob(blob.descriptor, to: Repository(registry: source.host, name: "src")) { _ in
            DataSource(data)
        }
        proxy.inject(.init(method: "GET", pathContains: "/blobs/sha256:", times: 1, action: .corruptBody(atOffset: 1_500_000)))
        let client = makeClient(hosts: [proxy.host, target.host], chunkSize: 1 << 20)
        let from = Repository(registry: proxy.host, name: "src")
        do {
            try await client.pushBlob(blob.descriptor, to: Repository(registry: target.host, name: "orphans/b")) { offset in
                client.openBlob(from, descriptor: blob.descriptor, offset: offset)
            }
            Issue.record("expected a digest mismatch")
        } catch let error as RegistryError {
            #expect(error.kind == .digestMismatch)
        }
        #expect(openSessions(target, "orphans/b").isEmpty)
    }

    /// A push whose task is cancelled while its body is on the wire: the session is cancelled
    /// (by a task of its own, as the push's task is cancelled already).
    @Test func cancelledPushCancelsTheSession() async throws {
        let server = try await RegistryServer.start(.plain)
        defer { server.stop() }
        let blob = TestBlob(bytes: 1 << 20, seed: 93)
        let pipe = BlobPipe(capacity: 64 << 10)
        let client = makeClient(host: server.host)
        let push = Task {
            try await client.pushBlob(blob.descriptor, to: Repository(registry: server.host, name: "orphans/c")) { _ in pipe }
        }
        try blob.data.prefix(100_000).withUnsafeBytes { try pipe.write($0) }   // the session is open and reading
        push.cancel()
        _ = await push.result
        #expect(server.accessLog().contains { $0.method == "DELETE" && $0.path.contains("/blobs/uploads/") })
        // Cut off mid-body, like a failing PUT above: the registry may have stored part of it.
        withKnownIssue("distribution 2.8 refuses to cancel a session whose body broke off", isIntermittent: true) {
            #expect(openSessions(server, "orphans/c").isEmpty)
        }
    }

    /// A session given up for a new one (here: the registry refused the final PUT with 503) is
    /// cancelled; only the session that committed the blob was used.
    @Test func restartedUploadCancelsTheSessionItLeft() async throws {
        let server = try await RegistryServer.start(.plain)
        let proxy = try FaultProxy(upstream: server.host)
        defer { proxy.stop(); server.stop() }
        let blob = TestBlob(bytes: 50_000, seed: 94)
        let data = blob.data
        proxy.inject(.init(method: "PUT", pathContains: "/blobs/uploads/", times: 1, action: .respond(status: 503, headers: [:], body: "")))
        let client = makeClient(host: proxy.host)
        #expect(try await client.pushBlob(blob.descriptor, to: Repository(registry: proxy.host, name: "orphans/d")) { _ in
            DataSource(data)
        } == .uploaded)
        #expect(proxy.seenRequests.filter { $0.hasPrefix("POST") }.count == 2)
        #expect(openSessions(server, "orphans/d").isEmpty)
    }

    /// A chunk refused with 429 is resumed in the same session from the registry's offset, not
    /// sent again from the first byte in a new one.
    @Test func throttledChunkResumesInTheSameSession() async throws {
        let server = try await RegistryServer.start(.plain)
        let proxy = try FaultProxy(upstream: server.host)
        defer { proxy.stop(); server.stop() }
        let blob = TestBlob(bytes: 1 << 20, seed: 95)
        let data = blob.data
        let client = makeClient(host: proxy.host, chunkSize: 256 << 10)
        let repository = Repository(registry: proxy.host, name: "orphans/e")
        proxy.inject(.init(method: "PATCH", pathContains: "/blobs/uploads/", times: 1,
                           action: .respond(status: 429, headers: ["Retry-After": "0"], body: "")))
        #expect(try await client.pushBlob(blob.descriptor, to: repository) { offset in
            DataSource(data.subdata(in: Int(offset)..<data.count))
        } == .uploaded)
        let seen = proxy.seenRequests
        #expect(seen.filter { $0.hasPrefix("POST") }.count == 1)
        #expect(seen.contains { $0.hasPrefix("GET") && $0.contains("/blobs/uploads/") })
        #expect(openSessions(server, "orphans/e").isEmpty)
    }
}
