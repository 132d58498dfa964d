import ClientTestSupport
import Config
import Foundation
import Gather
import OCI
import Registry
import Store
import Testing
import TestSupport

/// Gather (and its `--dry-run` plan) over sources whose referrers loop back must end, moving
/// each manifest once.
@Suite(.serialized) struct GatherReferrerLoopTests {
    @Test func gatherAndPlanEndWhenReferrersLoop() async throws {
        let source = try await RegistryServer.start(.plain)
        let target = try await RegistryServer.start(.plain)
        defer { source.stop(); target.stop() }
        let client = makeClient(hosts: [source.host, target.host])
        let repository = Repository(registry: source.host, name: "loop/app")
        let a = try TestImage(layerSizes: [3_000], seed: 511)
        let b = try TestImage(layerSizes: [4_000], seed: 512)
        try await a.push(client, to: repository, tag: "a")
        try await b.push(client, to: repository, tag: "b")
        // A lists itself and B; B lists A.
        try await pushReferrersTag(client, repository, subject: a.manifest.digest, listing: [a.manifest.descriptor, b.manifest.descriptor])
        try await pushReferrersTag(client, repository, subject: b.manifest.digest, listing: [a.manifest.descriptor])

        let entries = try SourcesList.parse("\(source.host)/loop/app:a\n\(source.host)/loop/app:b\n", file: "sources.list")
        let destination = RegistryContent(client: client, reference: try Reference(parsing: "\(target.host)/gather:loop"))
        let gatherer = Gatherer(client: client, target: destination, options: GatherOptions(referrers: true))
        let plan = try await finishing(within: loopBound) { try await gatherer.plan(entries) }
        #expect(plan.images.count == 2)
        #expect(plan.blobs == 4)
        let result = try await finishing(within: loopBound) { try await gatherer.run(entries) }
        #expect(result.images == 2)
        #expect(result.copy.manifests == 2)
        #expect(result.copy.blobsUploaded == 4)
        let sizes = (a.blobs + b.blobs).reduce(Int64(0)) { $0 + $1.descriptor.size }
        #expect(result.totalSize == sizes)
    }
}
