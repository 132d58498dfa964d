import ClientTestSupport
import Foundation
import OCI
import Registry
import Testing
import TestSupport
@testable import Store
@testable import Transfer

/// Registries can answer referrers that loop back (a manifest listed as its own referrer, or
/// A's referrers naming B and B's naming A): every walk must end, each manifest copied once.
@Suite(.serialized) struct ReferrerCycleTests {
    /// A self-referrer through the referrers API, answered by a proxy in front of the registry.
    @Test func selfReferrerThroughTheAPIEnds() async throws {
        let source = try await RegistryServer.start(.plain)
        let target = try await RegistryServer.start(.plain)
        defer { source.stop(); target.stop() }
        let proxy = try FaultProxy(registry: source)
        defer { proxy.stop() }
        let client = makeClient(hosts: [proxy.host, target.host])
        let image = try TestImage(layerSizes: [2_000], seed: 501)
        try await image.push(client, to: Repository(registry: proxy.host, name: "loop/self"), tag: "1")
        proxy.inject(.init(method: "GET", pathContains: "/referrers/\(image.manifest.digest)", times: 1_000,
                           action: .respond(status: 200, headers: ["Content-Type": MediaType.ociIndex],
                                            body: referrersIndex([image.manifest.descriptor]))))

        let from = RegistryContent(client: client, reference: try Reference(parsing: "\(proxy.host)/loop/self:1"))
        let to = RegistryContent(client: client, reference: try Reference(parsing: "\(target.host)/loop/self:1"))
        let summary = try await finishing(within: loopBound) {
            try await ImageCopier(source: from, target: to, options: CopyOptions(referrers: true)).run()
        }
        #expect(summary.manifests == 1)
        #expect(summary.blobsUploaded == 2)
        let planned = try await finishing(within: loopBound) {
            try await GraphPlanner.walk(try await from.root(), from: from, referrers: true)
        }
        #expect(planned.manifests.map(\.digest) == [image.manifest.digest])
    }

    /// A's referrers list B and B's list A, through the tag-schema fallback of a registry
    /// without the API (indexes tagged `sha256-<hex>` of each subject).
    @Test func twoManifestCycleThroughTheTagFallbackEnds() async throws {
        let source = try await RegistryServer.start(.plain)
        let target = try await RegistryServer.start(.plain)
        defer { source.stop(); target.stop() }
        let client = makeClient(hosts: [source.host, target.host])
        let repository = Repository(registry: source.host, name: "loop/pair")
        let a = try TestImage(layerSizes: [1_000], seed: 502)
        let b = try TestImage(layerSizes: [1_500], seed: 503)
        try await a.push(client, to: repository, tag: "a")
        try await b.push(client, to: repository, tag: nil)
        try await pushReferrersTag(client, repository, subject: a.manifest.digest, listing: [b.manifest.descriptor])
        try await pushReferrersTag(client, repository, subject: b.manifest.digest, listing: [a.manifest.descriptor])

        let from = RegistryContent(client: client, reference: try Reference(parsing: "\(source.host)/loop/pair:a"))
        let to = RegistryContent(client: client, reference: try Reference(parsing: "\(target.host)/loop/pair:a"))
        let summary = try await finishing(within: loopBound) {
            try await ImageCopier(source: from, target: to, options: CopyOptions(referrers: true)).run()
        }
        #expect(summary.manifests == 2)
        #expect(summary.blobsUploaded == 4)
        let copied = try await client.headManifest(try Reference(registry: target.host, repository: "loop/pair", digest: b.manifest.digest))
        #expect(copied?.digest == b.manifest.digest)
        let planned = try await finishing(within: loopBound) {
            try await GraphPlanner.walk(try await from.root(), from: from, referrers: true)
        }
        #expect(planned.manifests.map(\.digest) == [a.manifest.digest, b.manifest.digest])
        #expect(planned.blobs.descriptors.count == 2)
    }

    /// An index whose children are each other's referrers, copied by a session into a layout.
    @Test func cycleBetweenAnIndexsChildrenEndsInALayout() async throws {
        let source = try await RegistryServer.start(.plain)
        defer { source.stop() }
        let client = makeClient(hosts: [source.host])
        let repository = Repository(registry: source.host, name: "loop/index")
        let a = try TestImage(layerSizes: [700], seed: 504)
        let b = try TestImage(layerSizes: [800], seed: 505)
        try await a.push(client, to: repository, tag: nil)
        try await b.push(client, to: repository, tag: nil)
        let index = try makeIndex([(a, Platform(os: "linux", architecture: "amd64")), (b, Platform(os: "linux", architecture: "arm64"))])
        try await client.pushManifest(index, to: repository, tag: "multi")
        try await pushReferrersTag(client, repository, subject: a.manifest.digest, listing: [b.manifest.descriptor, index.descriptor])
        try await pushReferrersTag(client, repository, subject: b.manifest.digest, listing: [a.manifest.descriptor])
        try await pushReferrersTag(client, repository, subject: index.digest, listing: [index.descriptor])

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-cycle-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let to = LayoutContent(layout: try OCILayout(root: directory), tag: "multi")
        let from = RegistryContent(client: client, reference: try Reference(parsing: "\(source.host)/loop/index:multi"))
        let summary = try await finishing(within: loopBound) {
            try await ImageCopier(source: from, target: to, options: CopyOptions(referrers: true)).run()
        }
        #expect(summary.manifests == 3)
        #expect(summary.blobsUploaded == 4)
    }
}
