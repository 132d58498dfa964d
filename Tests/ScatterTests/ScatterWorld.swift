import ClientTestSupport
import Config
import Foundation
import Gather
import Mapping
import OCI
import Registry
import Scatter
import Store
import TestSupport

/// A source registry with images, a gather registry holding their gather result, and two
/// destination registries, all real docker-registry processes on loopback.
struct ScatterWorld {
    let source: RegistryServer
    let gather: RegistryServer
    let high: RegistryServer
    let backup: RegistryServer
    let client: RegistryClient
    /// app:1 and app:2 (shared base layer, labelled tier=backend), tools:1 (tier=ops), and a
    /// signature on app:1.
    let app1: TestImage
    let app2: TestImage
    let tools: TestImage
    let signature: TestImage

    static func start() async throws -> ScatterWorld {
        let source = try await RegistryServer.start(.plain)
        let gather = try await RegistryServer.start(.plain)
        let high = try await RegistryServer.start(.plain)
        let backup = try await RegistryServer.start(.plain)
        let client = makeClient(hosts: [source.host, gather.host, high.host, backup.host])
        let base = TestBlob(bytes: 50_000, seed: 500)
        let app1 = try TestImage(layerSizes: [3_000], seed: 501, baseLayers: [base])
        let app2 = try TestImage(layerSizes: [4_000], seed: 502, baseLayers: [base])
        let tools = try TestImage(layerSizes: [5_000], seed: 503, docker: true)
        let signature = try TestImage(layerSizes: [64], seed: 504, subject: app1.manifest.descriptor, artifactType: "application/vnd.example.sig")
        let app = Repository(registry: source.host, name: "team/app")
        try await app1.push(client, to: app, tag: "1")
        try await app2.push(client, to: app, tag: "2")
        try await signature.push(client, to: app, tag: nil)
        try await tools.push(client, to: Repository(registry: source.host, name: "tools"), tag: "1")
        return ScatterWorld(source: source, gather: gather, high: high, backup: backup, client: client,
                            app1: app1, app2: app2, tools: tools, signature: signature)
    }

    func stop() { [source, gather, high, backup].forEach { $0.stop() } }

    var sourcesList: String {
        "\(source.host)/team/app:1, tier=backend\n\(source.host)/team/app:2, tier=backend\n\(source.host)/tools:1, tier=ops\n"
    }

    /// Gathers `sourcesList` (or `list`) into the gather registry's `gather:sync-1` with the Gather module.
    @discardableResult
    func gatherAll(_ list: String? = nil, platforms: [Platform] = []) async throws -> Reference {
        let reference = try Reference(parsing: "\(gather.host)/gather:sync-1")
        let entries = try SourcesList.parse(list ?? sourcesList, file: "sources.list")
        let gatherer = Gatherer(client: client, target: RegistryContent(client: client, reference: reference),
                                options: GatherOptions(platforms: platforms))
        _ = try await gatherer.run(entries)
        return reference
    }

    /// Plans and runs a scatter of the gather result with `mapper`.
    func scatter(_ mapper: String, options: ScatterOptions = ScatterOptions()) async throws -> ScatterSummary {
        let source = RegistryContent(client: client, reference: try Reference(parsing: "\(gather.host)/gather:sync-1"))
        let plan = try await Scatterer(source: source, mapper: try Mapper(parsing: mapper), options: options).plan()
        return try await Placer(client: client, options: options).run(plan)
    }

    /// The digest a registry holds at `reference`, as skopeo (an independent client) reads it.
    func digest(_ reference: String) throws -> Digest {
        Digest.sha256(of: try skopeoRawManifest(reference))
    }

    /// Whether `reference` exists (skopeo can read it).
    func exists(_ reference: String) throws -> Bool {
        try TestTools.run("skopeo", ["inspect", "--raw", "--tls-verify=false", "docker://\(reference)"]).status == 0
    }

    /// Writes `text` to a fresh file and returns its path.
    func file(_ text: String, name: String = "map.csv") throws -> String {
        let url = try TestTools.makeTempDirectory("ferry-scatter").appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }
}
