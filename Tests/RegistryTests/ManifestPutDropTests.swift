import Foundation
import OCI
import Registry
import Streams
import Testing
import ClientTestSupport
import TestSupport

/// A manifest PUT whose connection drops before any answer: a registry restarting, or a load
/// balancer or server closing a kept-alive connection just as the request goes out. The PUT is
/// small and replayable, so it must be sent again, not fail the run (bench/faults item 1 met this
/// after a registry kill; docs/reliability.md, open findings).
@Suite struct ManifestPutDropTests {
    @Test func manifestPutDroppedOnAReusedConnectionIsSentAgain() async throws {
        let server = try await RegistryServer.start(.plain)
        let proxy = try FaultProxy(upstream: server.host)
        defer { proxy.stop(); server.stop() }
        let image = try TestImage(layerSizes: [1000], seed: 77)
        let client = makeClient(host: proxy.host)
        let repository = Repository(registry: proxy.host, name: "faults/manifest")
        // The blobs first, so the PUT goes out on a connection kept alive from them.
        for blob in image.blobs {
            let data = blob.data
            try await client.pushBlob(blob.descriptor, to: repository) { _ in DataSource(data) }
        }
        proxy.inject(.init(method: "PUT", pathContains: "/manifests/", times: 1, action: .dropAfterResponseBytes(0)))
        _ = try await client.pushManifest(image.manifest, to: repository, tag: "v1")
        #expect(proxy.pendingFaults == 0)
        let stored = try server.request("GET", "/v2/faults/manifest/manifests/v1", headers: ["Accept": image.manifest.descriptor.mediaType])
        #expect(stored.status == 200)
        #expect(stored.body == image.manifest.bytes)
    }
}
