import Foundation
import Gather
import Scatter
import Store
import Testing
import Workflows

/// The plan/check/run flow scatter, clone and unarchive share, against real registries.
@Suite struct PlacementFlowTests {
    @Test func cloneDryRunThenCheckThenRun() async throws {
        let world = try await WorkflowWorld.start()
        defer { world.stop() }
        let mapper = try world.mapper()
        func flow(_ mode: PlacementFlow.Mode) -> PlacementFlow {
            PlacementFlow(client: world.client, mapper: mapper, options: ScatterOptions(), mode: mode)
        }
        guard case .planned(let plan) = try await flow(.dryRun).execute(.sources(try world.entries)) else {
            Issue.record("a dry run only plans"); return
        }
        #expect(plan.placements.map(\.destination.reference.description).sorted()
                == ["\(world.destination.host)/x/team/app:1", "\(world.destination.host)/x/tools:1"])
        #expect(try await world.placed("x/team/app", "1") == nil)

        let heard = Counter()
        guard case .checked(let missing, _) = try await flow(.check).execute(.sources(try world.entries), willPlace: { _ in heard.add() }) else {
            Issue.record("a check only compares"); return
        }
        #expect(missing.map(\.state) == [.missing, .missing])
        guard case .placed(let summary) = try await flow(.run).execute(.sources(try world.entries), willPlace: { _ in heard.add() }) else {
            Issue.record("a run places"); return
        }
        #expect(summary.placed == 2 && summary.failures.isEmpty)
        #expect(heard.value == 2)
        #expect(try await world.placed("x/team/app", "1") == world.app.manifest.digest)
        guard case .checked(let current, _) = try await flow(.check).execute(.sources(try world.entries)) else {
            Issue.record("a check only compares"); return
        }
        #expect(current.allSatisfy { $0.state == .upToDate })
    }

    @Test func scattersAGatherResultInALayout() async throws {
        let world = try await WorkflowWorld.start()
        defer { world.stop() }
        let path = world.directory.appendingPathComponent("set").path
        let (target, _) = try ContentFactory.writableTarget(.layout(path: path, tag: "sync-1"), client: world.client)
        _ = try await Gatherer(client: world.client, target: target, options: GatherOptions()).run(try world.entries)
        let flow = PlacementFlow(client: world.client, mapper: try world.mapper(), options: ScatterOptions(), mode: .run)
        guard case .placed(let summary) = try await flow.execute(.gatherResult(.layout(path: path, tag: "sync-1"))) else {
            Issue.record("a run places"); return
        }
        #expect(summary.placed == 2)
        #expect(try await world.placed("x/tools", "1") == world.tools.manifest.digest)
    }
}

/// Counts calls from any thread.
final class Counter: @unchecked Sendable {
    // Invariant: `count` is only touched with `lock` held.
    private let lock = NSLock()
    private var count = 0
    func add() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}
