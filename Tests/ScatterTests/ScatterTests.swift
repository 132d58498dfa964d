import ClientTestSupport
import Config
import Gather
import Foundation
import Mapping
import OCI
import Registry
@testable import Scatter
import Store
import Testing
import TestSupport
import Transfer

/// Scatter end to end: gather into one registry, scatter to two others, read back with skopeo.
@Suite(.serialized) struct ScatterTests {
    @Test func prefixAndDigestMappersPlaceEveryImage() async throws {
        let world = try await ScatterWorld.start()
        defer { world.stop() }
        try await world.gatherAll()
        let s = world.source.host

        // longest-prefix: the longer team/ rule wins over the host-wide one.
        let longest = try world.file("\(s)/,\(world.backup.host)/other/\n\(s)/team/,\(world.high.host)/apps/\n")
        let result = try await world.scatter("longest-prefix=\(longest)")
        #expect(result.placed == 3 && result.failures.isEmpty && result.unmapped.isEmpty)
        #expect(try world.digest("\(world.high.host)/apps/app:1") == world.app1.manifest.digest)
        #expect(try world.digest("\(world.high.host)/apps/app:2") == world.app2.manifest.digest)
        #expect(try world.digest("\(world.backup.host)/other/tools:1") == world.tools.manifest.digest)
        // Referrers go with their subject.
        let referrers = try await world.client.referrers(Repository(registry: world.high.host, name: "apps/app"), digest: world.app1.manifest.digest)
        #expect(referrers.map(\.digest) == [world.signature.manifest.digest])

        // all-prefix: one source, two registries.
        let all = try world.file("\(s)/tools,\(world.high.host)/t/tools\n\(s)/tools,\(world.backup.host)/t/tools\n")
        let many = try await world.scatter("all-prefix=\(all)")
        #expect(many.placed == 2 && many.unmapped.count == 2)
        #expect(try world.digest("\(world.high.host)/t/tools:1") == world.tools.manifest.digest)
        #expect(try world.digest("\(world.backup.host)/t/tools:1") == world.tools.manifest.digest)

        // digests: by tag, and by digest when the destination names none.
        let digests = try world.file("\(world.app2.manifest.digest),\(world.backup.host)/pinned/app:two\n"
            + "\(world.app2.manifest.digest),\(world.backup.host)/bydigest/app@\(world.app2.manifest.digest)\n")
        let pinned = try await world.scatter("digests=\(digests)")
        #expect(pinned.placed == 2)
        #expect(try world.digest("\(world.backup.host)/pinned/app:two") == world.app2.manifest.digest)
        #expect(try world.digest("\(world.backup.host)/bydigest/app@\(world.app2.manifest.digest)") == world.app2.manifest.digest)
        #expect(try await world.client.listTags(Repository(registry: world.backup.host, name: "bydigest/app")).isEmpty)
    }

    @Test func nestRefusesSourcesWithAPortBeforePushing() async throws {
        let world = try await ScatterWorld.start()
        defer { world.stop() }
        try await world.gatherAll()
        await #expect { try await world.scatter("nest=\(world.high.host)/mirror") } throws: { error in
            "\(error)".contains("prefix mapper") && "\(error)".contains("\(world.source.host)/team/app:1")
        }
        #expect(try world.exists("\(world.high.host)/mirror/\(world.source.host)/team/app:1") == false)
    }

    @Test func selectorsSubsetAndConflicts() async throws {
        let world = try await ScatterWorld.start()
        defer { world.stop() }
        try await world.gatherAll()
        let s = world.source.host
        let map = try world.file("\(s)/,\(world.high.host)/\n")
        let ops = try await world.scatter("first-prefix=\(map)", options: ScatterOptions(selectors: [try LabelSelector(parsing: "tier=ops")]))
        #expect(ops.images == 1 && ops.placed == 1)
        #expect(try world.exists("\(world.high.host)/tools:1"))
        #expect(try world.exists("\(world.high.host)/team/app:1") == false)
        // Several -l are ORed.
        let either = ScatterOptions(selectors: [try LabelSelector(parsing: "tier=nothing"), try LabelSelector(parsing: "tier in (backend)")])
        #expect(try await world.scatter("first-prefix=\(map)", options: either).images == 2)
        // --subset: only the listed sources (written as in the sources.list).
        let subset = try SourcesList.parse("\(s)/team/app:2\n", file: "subset.list")
        let only = try await world.scatter("first-prefix=\(try world.file("\(s)/,\(world.backup.host)/\n"))", options: ScatterOptions(subset: subset))
        #expect(only.images == 1)
        #expect(try world.exists("\(world.backup.host)/team/app:2"))
        #expect(try world.exists("\(world.backup.host)/team/app:1") == false)
        // Two sources to one destination: an error, and nothing is pushed.
        let clash = try world.file("\(s)/team/app,\(world.backup.host)/same\n\(s)/tools,\(world.backup.host)/same\n")
        await #expect { try await world.scatter("first-prefix=\(clash)") } throws: { error in
            guard case .conflicts(let conflicts)? = error as? MappingError else { return false }
            return conflicts.map(\.destination) == ["\(world.backup.host)/same:1"]
        }
        #expect(try world.exists("\(world.backup.host)/same:2") == false)
    }

    @Test func layoutGatherResultAndCheck() async throws {
        let world = try await ScatterWorld.start()
        defer { world.stop() }
        let directory = try TestTools.makeTempDirectory("ferry-scatter-layout").appendingPathComponent("set")
        let layout = LayoutContent(layout: try OCILayout(root: directory, create: true), tag: "sync-1")
        let entries = try SourcesList.parse(world.sourcesList, file: "sources.list")
        _ = try await Gatherer(client: world.client, target: layout, options: GatherOptions()).run(entries)
        let map = try Mapper(parsing: "first-prefix=\(try world.file("\(world.source.host)/,\(world.high.host)/x/\n"))")
        let source = LayoutContent(layout: try OCILayout(root: directory, create: false), tag: "sync-1")
        let plan = try await Scatterer(source: source, mapper: map, options: ScatterOptions()).plan()
        let placer = Placer(client: world.client, options: ScatterOptions())
        #expect(try await placer.check(plan).map(\.state) == [.missing, .missing, .missing])
        let result = try await placer.run(plan)
        #expect(result.placed == 3)
        #expect(try world.digest("\(world.high.host)/x/team/app:1") == world.app1.manifest.digest)
        let referrers = try await world.client.referrers(Repository(registry: world.high.host, name: "x/team/app"), digest: world.app1.manifest.digest)
        #expect(referrers.map(\.digest) == [world.signature.manifest.digest])
        #expect(try await placer.check(plan).allSatisfy { $0.state == .upToDate })
    }
}

/// Summaries of many destinations add up without trapping, however large the sizes claimed.
@Suite struct CopySummaryArithmeticTests {
    @Test func addingSummariesSaturates() {
        var total = CopySummary()
        var big = CopySummary()
        big.bytesUploaded = .max
        big.bytesSkipped = .max - 1
        total.add(big)
        total.add(big)
        #expect(total.bytesUploaded == .max)
        #expect(total.bytesSkipped == .max)
    }
}
