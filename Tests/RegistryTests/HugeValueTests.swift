import Foundation
import OCI
import Registry
import Streams
import Testing
import ClientTestSupport
import TestSupport

/// Sizes and offsets from a registry are untrusted numbers: huge or negative ones must end in an
/// error (or a fresh start), never in an arithmetic trap.
@Suite(.serialized) struct HugeValueTests {
    private func setUp() async throws -> (RegistryServer, FaultProxy) {
        let server = try await RegistryServer.start(.plain)
        return (server, try FaultProxy(upstream: server.host))
    }

    /// After a failed chunk the registry claims to hold more than the blob: the session is given
    /// up and the blob uploaded in a new one.
    @Test(arguments: ["0-9223372036854775807", "0-99999999999999999999999", "0-3000000", "bytes"])
    func uploadStatusBeyondTheBlob(range: String) async throws {
        let (server, proxy) = try await setUp()
        defer { proxy.stop(); server.stop() }
        let blob = TestBlob(bytes: 600_000, seed: 81)
        let data = blob.data
        proxy.inject(.init(method: "PATCH", pathContains: "/blobs/uploads/", times: 1, action: .respond(status: 503, headers: [:], body: "")))
        proxy.inject(.init(method: "GET", pathContains: "/blobs/uploads/", times: 1,
                           action: .respondRaw("HTTP/1.1 204 No Content\r\nRange: \(range)\r\nContent-Length: 0\r\n\r\n")))
        let client = makeClient(host: proxy.host, chunkSize: 256 << 10)
        let repository = Repository(registry: proxy.host, name: "huge/upload")
        #expect(try await client.pushBlob(blob.descriptor, to: repository) { offset in
            DataSource(data.subdata(in: Int(offset)..<data.count))
        } == .uploaded)
        #expect(proxy.pendingFaults == 0)
        let sink = DataSink(limit: 1 << 20)
        try await client.fetchBlob(repository, descriptor: blob.descriptor, into: sink)
        #expect(sink.data == data)
    }

    /// A manifest HEAD whose length is beyond any manifest (or below zero) is refused.
    @Test(arguments: ["9223372036854775807", "-5", "99999999999999999999999"])
    func manifestHeadWithImpossibleLength(length: String) async throws {
        let (server, proxy) = try await setUp()
        defer { proxy.stop(); server.stop() }
        let digest = Digest.sha256(of: Data("x".utf8))
        proxy.inject(.init(method: "HEAD", pathContains: "/manifests/", times: 1, action: .respondRaw(
            "HTTP/1.1 200 OK\r\nContent-Type: application/vnd.oci.image.manifest.v1+json\r\n"
                + "Docker-Content-Digest: \(digest)\r\nContent-Length: \(length)\r\n\r\n")))
        // The GET a missing or unusable length falls back to is a 404 at the real registry.
        let reference = try Reference(parsing: "\(proxy.host)/huge/manifest:1")
        do {
            let descriptor = try await makeClient(host: proxy.host).headManifest(reference)
            Issue.record("accepted \(String(describing: descriptor))")
        } catch let error as RegistryError {
            #expect(error.description.contains("huge/manifest:1"))
        }
    }

    /// A blob answer announcing an absurd length fails as a transport error.
    @Test func blobWithHugeContentLength() async throws {
        let (server, proxy) = try await setUp()
        defer { proxy.stop(); server.stop() }
        let blob = TestBlob(bytes: 1_000, seed: 82)
        proxy.inject(.init(method: "GET", pathContains: "/blobs/", times: 10, action: .respondRaw(
            "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999999\r\n\r\nabc")))
        do {
            try await makeClient(host: proxy.host).fetchBlob(Repository(registry: proxy.host, name: "huge/blob"),
                                                             descriptor: blob.descriptor, into: DiscardSink())
            Issue.record("expected a failure")
        } catch let error as RegistryError {
            #expect(error.description.contains(blob.descriptor.digest.description))
        }
    }

    /// A descriptor with a negative size (from a hostile manifest) is refused before any request.
    @Test func negativeDescriptorSize() async throws {
        let (server, proxy) = try await setUp()
        defer { proxy.stop(); server.stop() }
        var descriptor = TestBlob(bytes: 10, seed: 83).descriptor
        descriptor.size = Int64.min
        let client = makeClient(host: proxy.host)
        let repository = Repository(registry: proxy.host, name: "huge/negative")
        await #expect(throws: RegistryError.self) { try await client.fetchBlob(repository, descriptor: descriptor, into: DiscardSink()) }
        let source = client.openBlob(repository, descriptor: descriptor, offset: 5)
        #expect(throws: (any Error).self) { try source.copy(into: DiscardSink()) }
        await #expect(throws: RegistryError.self) {
            try await client.pushBlob(descriptor, to: repository) { _ in DataSource(Data()) }
        }
        #expect(proxy.seenRequests.isEmpty)
    }
}
