import Config
import Foundation
import Gather
import Registry
import Serialize
import Store

/// `archive`: gather a sources.list into the local store, then serialize it from there, with no
/// registry in between. A rerun reuses what the store holds.
public struct ArchiveWorkflow: Sendable {
    public var client: RegistryClient
    /// The local store (see `LocalStore.directory`); created when missing.
    public var store: URL
    /// The tag of the gather result in the local store.
    public var reference: String
    public var gather: GatherOptions
    public var serialize: SerializeOptions
    /// Images the far side already has: their blobs are left out of the stream.
    public var existing: [ImageLocation]

    public init(client: RegistryClient, store: URL, reference: String, gather: GatherOptions,
                serialize: SerializeOptions, existing: [ImageLocation]) {
        self.client = client
        self.store = store
        self.reference = reference
        self.gather = gather
        self.serialize = serialize
        self.existing = existing
    }

    /// Gathers `entries`, then writes the stream to `destination` (a file, `-` or a tape).
    public func run(_ entries: [SourceEntry], to destination: String,
                    events: @escaping @Sendable (ArchiveEvent) -> Void) async throws -> ArchiveSummary {
        let layout = LayoutContent(layout: try OCILayout(root: store, create: true), tag: reference)
        let gathered = try await Gatherer(client: client, target: layout, options: gather) { events(.gather($0)) }.run(entries)
        events(.gathered(gathered))
        let existingSources = try existing.map { try ContentFactory.source($0, client: client) }
        let serializer = Serializer(source: layout, reference: reference, existing: existingSources,
                                    options: serialize) { events(.serialize($0)) }
        return ArchiveSummary(gathered: gathered, serialized: try await serializer.run(to: destination))
    }
}
