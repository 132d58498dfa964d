import ClientTestSupport
import Deserialize
import Foundation
import OCI
import Registry
import Store
import Streams
import TestSupport
import Testing

/// Bytes a stream lists as a manifest but that no registry would take are named before any
/// push (they used to reach the registry and come back as its HTTP 500).
@Suite(.serialized) struct ManifestValidationTests {
    /// A manifest over 4 MiB (a layer with a huge annotation), bytes that are not JSON, and JSON
    /// of an unknown manifest type, each listed in index.json as an OCI manifest.
    static func unpushable(_ stream: CraftedStream) throws -> [(Descriptor, String)] {
        let config = try stream.addConfig()
        var layer = try stream.add(Data(repeating: 0x4C, count: 1000))
        layer.annotations = ["padding": String(repeating: "x", count: 5 << 20)]
        let oversized = try stream.addManifest(config: config, layers: [layer])
        var notJSON = try stream.add(Data("this is not a manifest".utf8))
        notJSON.mediaType = MediaType.ociManifest
        var unknown = try stream.add(Data(#"{"schemaVersion":2,"mediaType":"application/x-unknown","manifests":[]}"#.utf8))
        unknown.mediaType = MediaType.ociManifest
        return [(oversized, "more than the 4 MiB"), (notJSON, "not valid JSON"), (unknown, "unsupported media type")]
    }

    @Test func unpushableManifestsAreNamedBeforeAnyPush() async throws {
        let registry = try await RegistryServer.start(.plain)
        defer { registry.stop() }
        let client = makeClient(host: registry.host)
        let stream = try CraftedStream()
        defer { stream.remove() }
        for (index, (descriptor, reason)) in try Self.unpushable(stream).enumerated() {
            let path = try stream.write(roots: [descriptor], name: "bad-\(index).tar")
            let destination = try Reference(parsing: "\(registry.host)/bad/\(index):v1")
            let text = try #require(await deserialize(path, into: RegistryContent(client: client, reference: destination)).failureText)
            #expect(text.contains("\(descriptor.digest): ") && text.contains(reason), "\(text)")
            #expect(!text.contains("500"), "\(text)")
        }
        let log = registry.accessLog()
        #expect(!log.contains { $0.method == "PUT" && $0.path.contains("/manifests/") }, "\(log)")
        #expect(!log.contains { $0.status >= 500 }, "\(log)")
    }

    /// A layer only the target holds, listed 5,000 times by one manifest, is asked for once.
    @Test func aRepeatedLayerIsAskedForOnce() async throws {
        let registry = try await RegistryServer.start(.plain)
        defer { registry.stop() }
        let client = makeClient(host: registry.host)
        let repository = Repository(registry: registry.host, name: "many/layers")
        let data = Data(repeating: 0x52, count: 3000)
        let layer = CraftedStream.absent(data)
        try await client.pushBlob(layer, to: repository) { _ in DataSource(data) }
        let stream = try CraftedStream()
        defer { stream.remove() }
        let manifest = try stream.addManifest(config: try stream.addConfig(), layers: Array(repeating: layer, count: 5000))
        let destination = try Reference(parsing: "\(registry.host)/many/layers:v1")
        let before = registry.accessLog().count
        _ = try await deserialize(try stream.write(roots: [manifest]), into: RegistryContent(client: client, reference: destination)).get()
        let asked = registry.accessLog().dropFirst(before).filter { $0.method == "HEAD" && $0.path.hasSuffix("/blobs/\(layer.digest)") }
        #expect(asked.count == 1, "\(asked.count) HEADs")
        #expect(Digest.sha256(of: try skopeoRawManifest("\(registry.host)/many/layers:v1")) == manifest.digest)
    }

    /// A dry run into a registry asks it questions only: no upload, no manifest, nothing in the
    /// manifest cache it would otherwise fill.
    @Test func dryRunIntoARegistryWritesNothing() async throws {
        let registry = try await RegistryServer.start(.plain)
        defer { registry.stop() }
        let fixture = try await StreamFixture.make(seed: 64, bigLayer: true)
        defer { try? FileManager.default.removeItem(at: fixture.scratch) }
        var options = DeserializeOptions()
        options.dryRun = true
        options.manifestCache = URL(fileURLWithPath: fixture.path("manifests"))
        options.spoolDirectory = URL(fileURLWithPath: fixture.path("spool"))
        let destination = try Reference(parsing: "\(registry.host)/dry/set:v1")
        let target = RegistryContent(client: makeClient(host: registry.host), reference: destination)
        let summary = try await Deserializer(target: target, options: options).run(from: fixture.stream)
        #expect(summary.root == fixture.root.digest.description)
        #expect(summary.rootManifest == fixture.root.bytes)
        let log = registry.accessLog()
        #expect(log.allSatisfy { $0.method == "GET" || $0.method == "HEAD" }, "\(log)")
        for directory in ["manifests", "spool"] { #expect(!FileManager.default.fileExists(atPath: fixture.path(directory))) }
    }
}
