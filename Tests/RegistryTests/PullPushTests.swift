import Foundation
import OCI
import Registry
import Streams
import Testing
import ClientTestSupport
import TestSupport

/// Pull and push against a real docker-registry, checked with skopeo as an independent client.
@Suite(.serialized) struct PullPushTests {
    @Test func pushesOCIImageThatSkopeoReadsBack() async throws {
        let server = try await RegistryServer.start(.plain)
        defer { server.stop() }
        let client = makeClient(host: server.host)
        let image = try TestImage(layerSizes: [300_000, 1_000], seed: 1)
        try await image.push(client, to: Repository(registry: server.host, name: "interop/oci"), tag: "v1")

        #expect(try skopeoRawManifest("\(server.host)/interop/oci:v1") == image.manifest.bytes)
        // skopeo copy verifies every blob digest on its way into the layout.
        let layout = try TestTools.makeTempDirectory("ferry-skopeo-out")
        let copy = try TestTools.run("skopeo", ["copy", "--src-tls-verify=false", "docker://\(server.host)/interop/oci:v1", "oci:\(layout.path):x"])
        #expect(copy.status == 0, "\(copy.stderr)")
    }

    @Test func pullsWhatSkopeoPushedIncludingDockerTypes() async throws {
        let server = try await RegistryServer.start(.plain)
        defer { server.stop() }
        let client = makeClient(host: server.host)
        let image = try TestImage(layerSizes: [50_000], seed: 2, docker: true)
        // Push with ferry to one repo, let skopeo copy it (preserving digests) to another, pull that.
        try await image.push(client, to: Repository(registry: server.host, name: "docker/src"), tag: "1")
        let copy = try TestTools.run("skopeo", ["copy", "--preserve-digests", "--src-tls-verify=false", "--dest-tls-verify=false",
                                                "docker://\(server.host)/docker/src:1", "docker://\(server.host)/docker/viaskopeo:1"])
        #expect(copy.status == 0, "\(copy.stderr)")

        let reference = try Reference(parsing: "\(server.host)/docker/viaskopeo:1")
        let manifest = try await client.fetchManifest(reference)
        #expect(manifest.mediaType == MediaType.dockerManifest)
        #expect(manifest.bytes == image.manifest.bytes)
        let head = try #require(try await client.headManifest(reference))
        #expect(head.digest == image.manifest.digest)
        #expect(head.size == Int64(image.manifest.bytes.count))

        let layer = try #require(image.layers.first)
        let sink = DataSink(limit: 1 << 20)
        try await client.fetchBlob(Repository(reference), descriptor: layer.descriptor, into: sink)
        #expect(sink.data == layer.data)
    }

    @Test func multiArchIndexRoundTrips() async throws {
        let server = try await RegistryServer.start(.plain)
        defer { server.stop() }
        let client = makeClient(host: server.host)
        let repository = Repository(registry: server.host, name: "multi/arch")
        let amd = try TestImage(layerSizes: [10_000], seed: 3)
        let arm = try TestImage(layerSizes: [10_000], seed: 4)
        try await amd.push(client, to: repository, tag: nil)
        try await arm.push(client, to: repository, tag: nil)
        let index = try makeIndex([(amd, Platform(os: "linux", architecture: "amd64")),
                                   (arm, Platform(os: "linux", architecture: "arm64", variant: "v8"))])
        try await client.pushManifest(index, to: repository, tag: "multi")

        let fetched = try await client.fetchManifest(try Reference(parsing: "\(server.host)/multi/arch:multi"))
        #expect(fetched.isIndex)
        #expect(fetched.digest == index.digest)
        #expect(fetched.children.count == 2)
        // skopeo picks the arm64 image out of the index ferry pushed.
        let inspect = try TestTools.run("skopeo", ["inspect", "--tls-verify=false", "--override-arch", "arm64", "--override-variant", "v8",
                                                   "--format", "{{.Layers}}", "docker://\(server.host)/multi/arch:multi"])
        #expect(inspect.status == 0, "\(inspect.stderr)")
        #expect(inspect.stdout.contains(try #require(arm.layers.first).descriptor.digest.description))
    }

    @Test func existingBlobsAreSkippedAndSameRegistryBlobsMounted() async throws {
        let server = try await RegistryServer.start(.plain)
        defer { server.stop() }
        let client = makeClient(host: server.host)
        let blob = TestBlob(bytes: 200_000, seed: 5)
        let source = Repository(registry: server.host, name: "mount/source")
        let target = Repository(registry: server.host, name: "mount/target")
        let data = blob.data
        #expect(try await client.pushBlob(blob.descriptor, to: source) { _ in DataSource(data) } == .uploaded)
        #expect(try await client.pushBlob(blob.descriptor, to: source) { _ in DataSource(data) } == .existed)
        #expect(try await client.pushBlob(blob.descriptor, to: target, mountFrom: source) { _ in
            throw TestFailure("a mount must not read the source")
        } == .mounted)
        #expect(try await client.blobExists(target, digest: blob.descriptor.digest))
    }

    /// ace-dt's `noncompliant: true`: a registry that cannot give one token for two
    /// repositories; ferry does not mount there (a mount needs both scopes), it uploads.
    @Test func aNoncompliantRegistryGetsUploadsNotMounts() async throws {
        let server = try await RegistryServer.start(.plain)
        defer { server.stop() }
        var options = makeClient(host: server.host).options
        options.configuration.registries[server.host]?.noncompliant = true
        let client = RegistryClient(options: options)
        let blob = TestBlob(bytes: 50_000, seed: 8)
        let source = Repository(registry: server.host, name: "mount/source")
        let target = Repository(registry: server.host, name: "mount/target")
        let data = blob.data
        #expect(try await client.pushBlob(blob.descriptor, to: source) { _ in DataSource(data) } == .uploaded)
        #expect(try await client.pushBlob(blob.descriptor, to: target, mountFrom: source) { _ in DataSource(data) } == .uploaded)
        #expect(!server.accessLog().contains { $0.path.contains("mount=") })
    }

    @Test func chunkedUploadSendsPatchesAndVerifies() async throws {
        let server = try await RegistryServer.start(.plain)
        defer { server.stop() }
        let client = makeClient(host: server.host, chunkSize: 256 << 10)
        let blob = TestBlob(bytes: (1 << 20) + 12_345, seed: 6)
        let repository = Repository(registry: server.host, name: "chunked/blob")
        let data = blob.data
        #expect(try await client.pushBlob(blob.descriptor, to: repository) { offset in
            DataSource(data.subdata(in: Int(offset)..<data.count))
        } == .uploaded)
        let patches = server.accessLog().filter { $0.method == "PATCH" && $0.path.contains("/chunked/blob/blobs/uploads/") }
        #expect(patches.count == 5)
        let sink = DataSink(limit: 2 << 20)
        try await client.fetchBlob(repository, descriptor: blob.descriptor, into: sink)
        #expect(sink.data == data)
    }

    @Test func uploadOfWrongBytesIsRefused() async throws {
        let server = try await RegistryServer.start(.plain)
        defer { server.stop() }
        let client = makeClient(host: server.host)
        let blob = TestBlob(bytes: 10_000, seed: 7)
        let wrong = TestBlob(bytes: 10_000, seed: 8).data
        await #expect(throws: RegistryError.self) {
            try await client.pushBlob(blob.descriptor, to: Repository(registry: server.host, name: "bad/blob")) { _ in DataSource(wrong) }
        }
        #expect(try await !client.blobExists(Repository(registry: server.host, name: "bad/blob"), digest: blob.descriptor.digest))
    }

    @Test func tagsFollowLinkPagination() async throws {
        let server = try await RegistryServer.start(.plain)
        let proxy = try FaultProxy(upstream: server.host)
        defer { proxy.stop(); server.stop() }
        let client = makeClient(host: server.host)
        let repository = Repository(registry: server.host, name: "tags/many")
        let image = try TestImage(layerSizes: [100], seed: 9)
        try await image.push(client, to: repository, tag: "t0")
        for i in 1..<7 { try await client.pushManifest(image.manifest, to: repository, tag: "t\(i)") }
        // distribution 2.8 sends every tag in one page, so the proxy serves a first page with a
        // Link header; the registry answers the next one (repeating tags, which must not double).
        proxy.inject(.init(method: "GET", pathContains: "/tags/list?n=2", times: 1,
                           action: .respond(status: 200,
                                            headers: ["Content-Type": "application/json",
                                                      "Link": #"</v2/tags/many/tags/list?last=t1&n=2>; rel="next""#],
                                            body: #"{"name":"tags/many","tags":["t0","t1"]}"#)))
        let tags = try await makeClient(host: proxy.host).listTags(Repository(registry: proxy.host, name: "tags/many"), pageSize: 2)
        #expect(tags.sorted() == (0..<7).map { "t\($0)" })
        #expect(proxy.seenRequests.filter { $0.contains("/tags/list") }.count == 2)
        #expect(try await client.listTags(Repository(registry: server.host, name: "tags/none")).isEmpty)
    }

    @Test func missingManifestIsNilOnHeadAndNotFoundOnGet() async throws {
        let server = try await RegistryServer.start(.plain)
        defer { server.stop() }
        let client = makeClient(host: server.host)
        let reference = try Reference(parsing: "\(server.host)/nothing/here:1")
        #expect(try await client.headManifest(reference) == nil)
        do {
            _ = try await client.fetchManifest(reference)
            Issue.record("expected an error")
        } catch let error as RegistryError {
            #expect(error.kind == .notFound)
            #expect(error.description.contains("nothing/here"))
            #expect(error.status == 404)
        }
    }
}
