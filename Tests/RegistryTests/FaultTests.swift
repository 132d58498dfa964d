import Foundation
import OCI
import Registry
import Streams
import Testing
import ClientTestSupport
import TestSupport

/// Network faults injected by a proxy in front of a real registry: resume, retry, verification.
@Suite(.serialized) struct FaultTests {
    /// A registry with one large blob, and a proxy in front of it.
    private func setUp(blobSize: Int = 3 << 20) async throws -> (RegistryServer, FaultProxy, TestBlob, Repository) {
        let server = try await RegistryServer.start(.plain)
        let blob = TestBlob(bytes: blobSize, seed: 42)
        let data = blob.data
        let repository = Repository(registry: server.host, name: "faults/blob")
        try await makeClient(host: server.host).pushBlob(blob.descriptor, to: repository) { _ in DataSource(data) }
        let proxy = try FaultProxy(upstream: server.host)
        return (server, proxy, blob, Repository(registry: proxy.host, name: "faults/blob"))
    }

    @Test func droppedDownloadResumesWithRange() async throws {
        let (server, proxy, blob, repository) = try await setUp()
        defer { proxy.stop(); server.stop() }
        proxy.inject(.init(method: "GET", pathContains: "/blobs/sha256:", times: 2, action: .dropAfterResponseBytes(700_000)))
        let sink = DataSink(limit: 4 << 20)
        try await makeClient(host: proxy.host).fetchBlob(repository, descriptor: blob.descriptor, into: sink)
        #expect(sink.data == blob.data)
        let gets = proxy.seenRequests.filter { $0.hasPrefix("GET") && $0.contains("/blobs/sha256:") }
        #expect(gets.count == 3)
    }

    @Test func blobRedirectIsFollowed() async throws {
        let (server, proxy, blob, repository) = try await setUp(blobSize: 50_000)
        defer { proxy.stop(); server.stop() }
        // Like a registry sending blob downloads to object storage on another host.
        let target = "http://\(server.host)/v2/faults/blob/blobs/\(blob.descriptor.digest)"
        proxy.inject(.init(method: "GET", pathContains: "/blobs/sha256:", times: 1,
                           action: .respond(status: 307, headers: ["Location": target], body: "")))
        let sink = DataSink()
        try await makeClient(host: proxy.host).fetchBlob(repository, descriptor: blob.descriptor, into: sink)
        #expect(sink.data == blob.data)
        #expect(server.accessLog().contains { $0.method == "GET" && $0.path.contains("/blobs/sha256:") && $0.status == 200 })
    }

    @Test func tooManyRequestsIsObeyed() async throws {
        let (server, proxy, blob, repository) = try await setUp(blobSize: 1000)
        defer { proxy.stop(); server.stop() }
        proxy.inject(.init(method: "HEAD", pathContains: "/blobs/", times: 1,
                           action: .respond(status: 429, headers: ["Retry-After": "1"], body: "")))
        let started = Date()
        #expect(try await makeClient(host: proxy.host).blobExists(repository, digest: blob.descriptor.digest))
        #expect(Date().timeIntervalSince(started) >= 0.9)
        #expect(proxy.seenRequests.filter { $0.hasPrefix("HEAD") }.count == 2)
    }

    @Test func serviceUnavailableIsRetriedThenReported() async throws {
        let (server, proxy, blob, repository) = try await setUp(blobSize: 1000)
        defer { proxy.stop(); server.stop() }
        proxy.inject(.init(method: "HEAD", pathContains: "/blobs/", times: 10,
                           action: .respond(status: 503, headers: [:], body: #"{"errors":[{"code":"UNAVAILABLE","message":"maintenance"}]}"#)))
        do {
            _ = try await makeClient(host: proxy.host).blobExists(repository, digest: blob.descriptor.digest)
            Issue.record("expected a failure after the retries")
        } catch let error as RegistryError {
            #expect(error.status == 503)
            #expect(error.kind == .server)
        }
        #expect(proxy.seenRequests.filter { $0.hasPrefix("HEAD") }.count == 4)   // maxAttempts in makeClient
    }

    @Test func corruptedBytesAreDetected() async throws {
        let (server, proxy, blob, repository) = try await setUp(blobSize: 100_000)
        defer { proxy.stop(); server.stop() }
        proxy.inject(.init(method: "GET", pathContains: "/blobs/sha256:", times: 1, action: .corruptBody(atOffset: 5_000)))
        do {
            try await makeClient(host: proxy.host).fetchBlob(repository, descriptor: blob.descriptor, into: DiscardSink())
            Issue.record("expected a digest mismatch")
        } catch let error as RegistryError {
            #expect(error.kind == .digestMismatch)
            #expect(error.description.contains(blob.descriptor.digest.description))
        }
    }

    @Test func stalledTransferIsAbandonedAndRetried() async throws {
        let (server, proxy, blob, repository) = try await setUp(blobSize: 1000)
        defer { proxy.stop(); server.stop() }
        proxy.inject(.init(method: "GET", pathContains: "/blobs/sha256:", times: 1, action: .stall(seconds: 4)))
        let sink = DataSink()
        try await makeClient(host: proxy.host, stallSeconds: 1).fetchBlob(repository, descriptor: blob.descriptor, into: sink)
        #expect(sink.data == blob.data)
    }

    /// Pushes a 1 MiB blob in 256 KiB chunks through the proxy with `fault` injected; checks it arrived whole.
    private func chunkedUpload(with fault: FaultProxy.Fault) async throws -> [String] {
        let server = try await RegistryServer.start(.plain)
        let proxy = try FaultProxy(upstream: server.host)
        defer { proxy.stop(); server.stop() }
        let blob = TestBlob(bytes: 1 << 20, seed: 43)
        let data = blob.data
        proxy.inject(fault)
        let client = makeClient(host: proxy.host, chunkSize: 256 << 10)
        let repository = Repository(registry: proxy.host, name: "faults/upload")
        #expect(try await client.pushBlob(blob.descriptor, to: repository) { offset in
            DataSource(data.subdata(in: Int(offset)..<data.count))
        } == .uploaded)
        let sink = DataSink(limit: 2 << 20)
        try await client.fetchBlob(repository, descriptor: blob.descriptor, into: sink)
        #expect(sink.data == data)
        return proxy.seenRequests
    }

    @Test func failedChunkResumesFromTheRegistryOffset() async throws {
        let seen = try await chunkedUpload(with: .init(method: "PATCH", pathContains: "/blobs/uploads/", times: 1,
                                                       action: .respond(status: 503, headers: [:], body: "")))
        #expect(seen.contains { $0.hasPrefix("GET") && $0.contains("/blobs/uploads/") })
        #expect(seen.filter { $0.hasPrefix("POST") }.count == 1)
    }

    @Test func lostChunkAnswerRestartsTheSession() async throws {
        let seen = try await chunkedUpload(with: .init(method: "PATCH", pathContains: "/blobs/uploads/", times: 1,
                                                       action: .dropAfterResponseBytes(0)))
        #expect(seen.filter { $0.hasPrefix("POST") }.count == 2)
    }
}
