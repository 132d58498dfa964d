import Deserialize
import Foundation
import Scatter
import Store

/// `unarchive`: read a stream into the local store, every blob verified, then place its images
/// as scatter would, with no registry in between. In a dry run nothing is written: the stream is
/// read and verified, and the plan is made from the root it carried.
public struct UnarchiveWorkflow: Sendable {
    /// The local store (see `LocalStore.directory`).
    public var store: URL
    /// The tag of the set in the local store.
    public var reference: String
    public var deserialize: DeserializeOptions
    /// Built before the stream is read: a bad mapper must not cost a tape pass.
    public var placement: PlacementFlow

    public init(store: URL, reference: String, deserialize: DeserializeOptions, placement: PlacementFlow) {
        self.store = store
        self.reference = reference
        self.deserialize = deserialize
        self.placement = placement
    }

    /// Reads `tarFile` (a file, `-` or a tape), then runs the placement.
    public func run(from tarFile: String, events: @escaping @Sendable (UnarchiveEvent) -> Void) async throws -> PlacementFlow.Outcome {
        let source = try await readStream(from: tarFile, events: events)
        return try await placement.execute(.content(source), willPlace: { events(.placing($0)) }, events: { events(.scatter($0)) })
    }

    /// The stream into the local store (or, in a dry run, only verified); returns what the
    /// placement reads: the store, or the stream's root.
    func readStream(from tarFile: String, events: @escaping @Sendable (UnarchiveEvent) -> Void) async throws -> any ContentSource {
        let dryRun = placement.mode == .dryRun
        let location = ImageLocation.layout(path: store.path, tag: reference)
        let (target, cleanup) = try dryRun ? ContentFactory.readOnlyTarget(location, client: placement.client)
                                           : ContentFactory.writableTarget(location, client: placement.client)
        defer { cleanup() }
        guard let layout = target as? LayoutContent else { throw WorkflowError.storeNotReadable(store.path) }
        let summary = try await Deserializer(target: layout, options: deserialize) { events(.deserialize($0)) }.run(from: tarFile)
        events(.deserialized(summary))
        let root: StreamRoot? = dryRun ? try StreamRoot(summary) : nil
        return root ?? layout
    }
}
