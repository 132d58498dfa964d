import ClientTestSupport
import Config
import Foundation
import Gather
import OCI
import Registry
import Store
import Testing
import TestSupport

/// `gather --dry-run` estimates what would really cross the network: blobs the destination has
/// and blobs it would mount from a repository of its own registry are not "to transfer".
@Suite struct GatherPlanEstimateTests {
    @Test func mountsWithinTheDestinationRegistryAreNotTransfers() async throws {
        let server = try await RegistryServer.start(.plain)
        let other = try await RegistryServer.start(.plain)
        defer { server.stop(); other.stop() }
        let client = makeClient(hosts: [server.host, other.host])
        let image = try TestImage(layerSizes: [40_000, 60_000], seed: 930)
        try await image.push(client, to: Repository(registry: server.host, name: "team/app"), tag: "1")
        let entries = try SourcesList.parse("\(server.host)/team/app:1\n", file: "s")

        let sameRegistry = RegistryContent(client: client, reference: try Reference(parsing: "\(server.host)/gather:plan"))
        let mounted = try await Gatherer(client: client, target: sameRegistry, options: GatherOptions()).plan(entries)
        #expect(mounted.blobs == 3)
        #expect(mounted.blobsPresent == 0)
        #expect(mounted.blobsMountable == 3)
        #expect(mounted.bytesToTransfer == 0)

        let elsewhere = RegistryContent(client: client, reference: try Reference(parsing: "\(other.host)/gather:plan"))
        let copied = try await Gatherer(client: client, target: elsewhere, options: GatherOptions()).plan(entries)
        #expect(copied.blobsMountable == 0)
        #expect(copied.bytesToTransfer == copied.deduplicatedSize)
    }
}
