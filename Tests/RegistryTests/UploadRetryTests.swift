import Foundation
import OCI
import Registry
import Streams
import Testing
import ClientTestSupport
import TestSupport

/// A registry that restarts again and again during a long upload: each try that moved data is
/// progress, so the upload goes on past the plain retry count (bounded by `maxResumes`), where
/// it used to give up after five tries (bench/faults, docs/reliability.md).
@Suite struct UploadRetryTests {
    @Test func triesThatMovedDataDoNotUseUpTheRetries() async throws {
        let server = try await RegistryServer.start(.plain)
        let proxy = try FaultProxy(upstream: server.host)
        defer { proxy.stop(); server.stop() }
        let blob = Data((0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let descriptor = Descriptor(mediaType: MediaType.ociLayer, digest: Digest.sha256(of: blob), size: Int64(blob.count))
        // Seven hang-ups, each after 64 KiB of the body: more than the five plain tries.
        proxy.inject(.init(method: "PUT", pathContains: "/blobs/uploads/", times: 7, action: .dropAfterRequestBytes(64 << 10)))
        let client = makeClient(host: proxy.host)
        let repository = Repository(registry: proxy.host, name: "restarts/layer")
        _ = try await client.pushBlob(descriptor, to: repository) { offset in
            DataSource(blob.subdata(in: Int(offset)..<blob.count))
        }
        #expect(proxy.pendingFaults == 0)
        #expect(try await client.blobExists(repository, digest: descriptor.digest))
    }

    /// Tries that never move a byte still end after the plain retry count.
    @Test func triesThatMoveNothingStillEnd() async throws {
        let server = try await RegistryServer.start(.plain)
        let proxy = try FaultProxy(upstream: server.host)
        defer { proxy.stop(); server.stop() }
        let blob = Data(repeating: 7, count: 1000)
        let descriptor = Descriptor(mediaType: MediaType.ociLayer, digest: Digest.sha256(of: blob), size: Int64(blob.count))
        proxy.inject(.init(method: "PUT", pathContains: "/blobs/uploads/", times: 40, action: .respond(status: 503, headers: [:], body: "")))
        let client = makeClient(host: proxy.host)
        await #expect(throws: RegistryError.self) {
            _ = try await client.pushBlob(descriptor, to: Repository(registry: proxy.host, name: "restarts/none")) { _ in DataSource(blob) }
        }
        #expect(proxy.pendingFaults > 0)
    }
}
