import Deserialize
import Foundation
import Gather
import Scatter
import Serialize
import Testing
import Workflows

/// archive (gather -> serialize) and unarchive (deserialize -> place), with no registry between.
@Suite struct ArchiveWorkflowTests {
    @Test func archiveThenUnarchivePlacesEveryImage() async throws {
        let world = try await WorkflowWorld.start()
        defer { world.stop() }
        let stream = world.directory.appendingPathComponent("sync-1.tar").path
        let archive = ArchiveWorkflow(client: world.client, store: world.directory.appendingPathComponent("low"), reference: "sync-1",
                                      gather: GatherOptions(), serialize: SerializeOptions(), existing: [])
        let gathered = Counter()
        let summary = try await archive.run(try world.entries, to: stream) { event in
            if case .gathered = event { gathered.add() }
        }
        #expect(gathered.value == 1)
        #expect(summary.gathered.images == 2 && summary.gathered.failures.isEmpty)
        #expect(summary.serialized.blobs > 0)

        let high = world.directory.appendingPathComponent("high")
        func unarchive(_ mode: PlacementFlow.Mode) throws -> UnarchiveWorkflow {
            var options = DeserializeOptions()
            options.dryRun = mode == .dryRun
            return UnarchiveWorkflow(store: high, reference: "sync-1", deserialize: options,
                                     placement: PlacementFlow(client: world.client, mapper: try world.mapper(), options: ScatterOptions(), mode: mode))
        }
        // A dry run reads and verifies the stream, plans from its root and writes nothing.
        guard case .planned(let plan) = try await unarchive(.dryRun).run(from: stream, events: { _ in }) else {
            Issue.record("a dry run only plans"); return
        }
        #expect(plan.placements.count == 2)
        #expect(!FileManager.default.fileExists(atPath: high.path))
        #expect(try await world.placed("x/team/app", "1") == nil)

        guard case .placed(let placed) = try await unarchive(.run).run(from: stream, events: { _ in }) else {
            Issue.record("a run places"); return
        }
        #expect(placed.placed == 2)
        #expect(try await world.placed("x/team/app", "1") == world.app.manifest.digest)
        #expect(try await world.placed("x/tools", "1") == world.tools.manifest.digest)
    }
}
