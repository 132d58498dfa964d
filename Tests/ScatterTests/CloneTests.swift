import ClientTestSupport
import Config
import Foundation
import Mapping
import OCI
import Registry
import Scatter
import Store
import Testing
import TestSupport

/// Clone registry to registry: multi-arch indexes, referrers, platforms, --compare, --continue.
@Suite(.serialized) struct CloneTests {
    private func clone(_ world: ScatterWorld, _ list: String, _ mapper: String, options: ScatterOptions = ScatterOptions()) async throws
        -> (ScatterPlan, Placer) {
        let entries = try SourcesList.parse(list, file: "sources.list")
        let plan = try await Cloner(client: world.client, mapper: try Mapper(parsing: mapper), options: options).plan(entries)
        return (plan, Placer(client: world.client, options: options))
    }

    /// A multi-arch index `multi:1` (amd64 + arm64/v8) on the source registry, with a signature on the index.
    private func publishIndex(_ world: ScatterWorld) async throws -> (index: ParsedManifest, amd: TestImage, arm: TestImage, signature: TestImage) {
        let amd = try TestImage(layerSizes: [2_000], seed: 510)
        let arm = try TestImage(layerSizes: [2_000], seed: 511)
        let repository = Repository(registry: world.source.host, name: "multi")
        try await amd.push(world.client, to: repository, tag: nil)
        try await arm.push(world.client, to: repository, tag: nil)
        let index = try makeIndex([(amd, Platform(os: "linux", architecture: "amd64")),
                                   (arm, Platform(os: "linux", architecture: "arm64", variant: "v8"))])
        try await world.client.pushManifest(index, to: repository, tag: "1")
        let signature = try TestImage(layerSizes: [32], seed: 512, subject: index.descriptor, artifactType: "application/vnd.example.sig")
        try await signature.push(world.client, to: repository, tag: nil)
        return (index, amd, arm, signature)
    }

    @Test func clonesImagesIndexesAndReferrersWithCheck() async throws {
        let world = try await ScatterWorld.start()
        defer { world.stop() }
        let published = try await publishIndex(world)
        let s = world.source.host
        let map = "longest-prefix=\(try world.file("\(s)/,\(world.high.host)/mirror/\n"))"
        let list = world.sourcesList + "\(s)/multi:1\n"
        let (plan, placer) = try await clone(world, list, map)
        #expect(plan.placements.map(\.destination.reference.description).sorted() == [
            "\(world.high.host)/mirror/multi:1", "\(world.high.host)/mirror/team/app:1",
            "\(world.high.host)/mirror/team/app:2", "\(world.high.host)/mirror/tools:1"])
        #expect(try await placer.check(plan).allSatisfy { $0.state == .missing })
        let result = try await placer.run(plan)
        #expect(result.placed == 4 && result.failures.isEmpty)
        #expect(try world.digest("\(world.high.host)/mirror/multi:1") == published.index.digest)
        #expect(try world.digest("\(world.high.host)/mirror/tools:1") == world.tools.manifest.digest)
        let mirror = Repository(registry: world.high.host, name: "mirror/multi")
        #expect(try await world.client.referrers(mirror, digest: published.index.digest).map(\.digest) == [published.signature.manifest.digest])
        let app = Repository(registry: world.high.host, name: "mirror/team/app")
        #expect(try await world.client.referrers(app, digest: world.app1.manifest.digest).map(\.digest) == [world.signature.manifest.digest])
        #expect(try await placer.check(plan).allSatisfy { $0.state == .upToDate })

        // A tag moved at the source: --compare names the destination that differs.
        try await world.app2.push(world.client, to: Repository(registry: s, name: "team/app"), tag: "1")
        let (again, _) = try await clone(world, list, map)
        let states = try await placer.check(again)
        let moved = try #require(states.first { $0.destination.repository == "mirror/team/app" && $0.destination.tag == "1" })
        #expect(moved.state == .differs(current: world.app1.manifest.digest))
        #expect(states.filter { $0.state == .upToDate }.count == 3)
    }

    @Test func platformsBecomeAnIndexOfThoseManifests() async throws {
        let world = try await ScatterWorld.start()
        defer { world.stop() }
        let published = try await publishIndex(world)
        let map = "first-prefix=\(try world.file("\(world.source.host)/,\(world.backup.host)/\n"))"
        let one = ScatterOptions(platforms: [try Platform(parsing: "linux/arm64")])
        let (plan, placer) = try await clone(world, "\(world.source.host)/multi:1\n", map, options: one)
        _ = try await placer.run(plan)
        #expect(try world.digest("\(world.backup.host)/multi:1") == published.arm.manifest.digest)

        // Scatter of a gather made with two --platforms: both land under one tag, as an index.
        try await world.gatherAll("\(world.source.host)/multi:1\n", platforms: [try Platform(parsing: "linux/amd64"), try Platform(parsing: "linux/arm64")])
        let result = try await world.scatter("first-prefix=\(try world.file("\(world.source.host)/,\(world.high.host)/\n"))")
        #expect(result.placed == 1)
        #expect(try world.digest("\(world.high.host)/multi:1") == published.index.digest)
    }

    /// A single-platform source of another platform is left out with a warning (ace-dt copies
    /// nothing for it and goes on); the others are cloned.
    @Test func aSingleImageOfAnotherPlatformIsLeftOut() async throws {
        let world = try await ScatterWorld.start()
        defer { world.stop() }
        let published = try await publishIndex(world)
        try await published.amd.push(world.client, to: Repository(registry: world.source.host, name: "multi"), tag: "amd-only")
        let map = "first-prefix=\(try world.file("\(world.source.host)/,\(world.backup.host)/\n"))"
        var options = ScatterOptions(platforms: [try Platform(parsing: "linux/arm64")])
        options.sourceFile = "sources.list"
        let list = "\(world.source.host)/multi:amd-only\n\(world.source.host)/multi:1\n"
        let (plan, placer) = try await clone(world, list, map, options: options)
        #expect(plan.leftOut == ["sources.list:1: \(world.source.host)/multi:amd-only left out: it is linux/amd64, not linux/arm64"])
        #expect(plan.failures.isEmpty)
        let result = try await placer.run(plan)
        #expect(result.placed == 1 && result.leftOut == plan.leftOut)
        #expect(try world.digest("\(world.backup.host)/multi:1") == published.arm.manifest.digest)
        #expect(try !world.exists("\(world.backup.host)/multi:amd-only"))
    }

    @Test func continueCollectsUnresolvableSources() async throws {
        let world = try await ScatterWorld.start()
        defer { world.stop() }
        let list = "\(world.source.host)/tools:1\n\(world.source.host)/gone:1\n"
        let map = "first-prefix=\(try world.file("\(world.source.host)/,\(world.high.host)/\n"))"
        await #expect { try await clone(world, list, map) } throws: { "\($0)".contains("line 2: \(world.source.host)/gone:1") }
        let (plan, placer) = try await clone(world, list, map, options: ScatterOptions(continueOnError: true))
        let result = try await placer.run(plan)
        #expect(result.placed == 1 && result.failures.count == 1)
        #expect(try world.exists("\(world.high.host)/tools:1"))
    }
}
