import ClientTestSupport
import Config
import Foundation
import OCI
import Registry
import Store
import Testing
import TestSupport
@testable import Resolve

/// sources.list resolution against a real registry: tag selections expand through the tags API,
/// platforms are picked out of an index, and a line that fails is reported with its line.
@Suite struct SourceResolverTests {
    @Test func aTagSelectionExpandsToTheMatchingTagsSorted() async throws {
        let server = try await RegistryServer.start(.plain)
        defer { server.stop() }
        let client = makeClient(host: server.host)
        let image = try TestImage(layerSizes: [500], seed: 951)
        let repository = Repository(registry: server.host, name: "resolve/tags")
        for tag in ["3.20", "3.19", "latest"] { try await image.push(client, to: repository, tag: tag) }
        let resolver = SourceResolver(client: client, platforms: [])
        let entry = SourceEntry(reference: "\(server.host)/resolve/tags", line: 4, tagSelection: .matching(#"3\.[0-9]+"#))
        #expect(try await resolver.expand(entry) == ["\(server.host)/resolve/tags:3.19", "\(server.host)/resolve/tags:3.20"])

        let none = SourceEntry(reference: "\(server.host)/resolve/tags", line: 5, tagSelection: .matching("v.*"))
        let (expanded, failures) = await resolver.expandAll([entry, none])
        #expect(expanded.map(\.text).count == 2)
        #expect(failures.map(\.entry.line) == [5])
    }

    @Test func platformsArePickedOutOfAnIndex() async throws {
        let server = try await RegistryServer.start(.plain)
        defer { server.stop() }
        let client = makeClient(host: server.host)
        let amd = try TestImage(layerSizes: [400], seed: 952)
        let arm = try TestImage(layerSizes: [400], seed: 953)
        let repository = Repository(registry: server.host, name: "resolve/multi")
        try await amd.push(client, to: repository, tag: nil)
        try await arm.push(client, to: repository, tag: nil)
        let index = try makeIndex([(amd, Platform(os: "linux", architecture: "amd64")),
                                   (arm, Platform(os: "linux", architecture: "arm64"))])
        try await client.pushManifest(index, to: repository, tag: "1")
        let text = "\(server.host)/resolve/multi:1"
        let resolver = SourceResolver(client: client, platforms: [Platform(os: "linux", architecture: "arm64")])
        let resolved = try await resolver.resolve(text, entry: SourceEntry(reference: text, line: 1))
        #expect(resolved.map(\.root.digest) == [arm.manifest.digest])
        #expect(resolved.first?.sourceIndex?.digest == index.digest)
        #expect(resolved.first?.annotatedDescriptor.platform?.architecture == "arm64")
    }
}
