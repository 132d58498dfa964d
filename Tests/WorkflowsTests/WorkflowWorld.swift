import ClientTestSupport
import Config
import Foundation
import Mapping
import OCI
import Registry
import TestSupport

/// A source registry holding two images (one signed) and an empty destination registry, real
/// docker-registry processes on loopback, and a temporary directory removed by `stop`.
struct WorkflowWorld {
    let source: RegistryServer
    let destination: RegistryServer
    let client: RegistryClient
    let app: TestImage
    let tools: TestImage
    let signature: TestImage
    let directory: URL

    static func start() async throws -> WorkflowWorld {
        let source = try await RegistryServer.start(.plain)
        let destination = try await RegistryServer.start(.plain)
        let client = makeClient(hosts: [source.host, destination.host])
        let app = try TestImage(layerSizes: [3_000], seed: 701)
        let tools = try TestImage(layerSizes: [4_000], seed: 702)
        let signature = try TestImage(layerSizes: [64], seed: 703, subject: app.manifest.descriptor, artifactType: "application/vnd.example.sig")
        try await app.push(client, to: Repository(registry: source.host, name: "team/app"), tag: "1")
        try await signature.push(client, to: Repository(registry: source.host, name: "team/app"), tag: nil)
        try await tools.push(client, to: Repository(registry: source.host, name: "tools"), tag: "1")
        return WorkflowWorld(source: source, destination: destination, client: client, app: app, tools: tools,
                             signature: signature, directory: try TestTools.makeTempDirectory("ferry-workflows"))
    }

    func stop() {
        [source, destination].forEach { $0.stop() }
        try? FileManager.default.removeItem(at: directory)
    }

    var entries: [SourceEntry] {
        get throws { try SourcesList.parse("\(source.host)/team/app:1\n\(source.host)/tools:1\n", file: "sources.list") }
    }

    /// A mapper sending every source to `x/` on the destination registry.
    func mapper() throws -> Mapper {
        try Mapper(parsing: "first-prefix=\(try file("map.csv", "\(source.host)/,\(destination.host)/x/\n"))")
    }

    /// Writes `text` into the world's directory and returns its path.
    func file(_ name: String, _ text: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// The manifest digest the destination registry holds at `repository:tag`, if any.
    func placed(_ repository: String, _ tag: String) async throws -> Digest? {
        try await client.headManifest(try Reference(parsing: "\(destination.host)/\(repository):\(tag)"))?.digest
    }
}
