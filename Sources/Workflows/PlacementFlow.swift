import Config
import Mapping
import Registry
import Scatter
import Signatures
import Store

/// The one way scatter, clone and unarchive run: plan where every image goes, then print the
/// plan (dry run), compare it with the destinations (check) or carry it out.
public struct PlacementFlow: Sendable {
    /// Where the images of the plan come from.
    public enum Source: Sendable {
        /// A gather result at a registry or in a layout (scatter).
        case gatherResult(ImageLocation)
        /// A gather result already opened (unarchive: the local store, or a dry run's stream root).
        case content(any ContentSource)
        /// The lines of a sources.list, each resolved at its own registry (clone).
        case sources([SourceEntry])
    }

    public enum Mode: Sendable, Equatable {
        case run
        /// Plan only; nothing is read from or written to a destination.
        case dryRun
        /// Compare each destination with the plan; change nothing.
        case check
    }

    /// What the flow did, for the caller to print.
    public enum Outcome: Sendable {
        case planned(ScatterPlan)
        case checked([PlacementCheck], plan: ScatterPlan)
        case placed(ScatterSummary)
    }

    public var client: RegistryClient
    public var mapper: Mapper
    public var options: ScatterOptions
    public var mode: Mode
    /// `--verify-signatures`: checked for every planned image before any destination is asked.
    public var signatures: SignatureVerifier?

    public init(client: RegistryClient, mapper: Mapper, options: ScatterOptions, mode: Mode) {
        self.client = client
        self.mapper = mapper
        self.options = options
        self.mode = mode
    }

    /// Plans from `source`, then runs the plan as `mode` says. `willPlace` hears the plan before
    /// any destination is asked (a check or a run), so progress knows its total.
    public func execute(_ source: Source, willPlace: (ScatterPlan) -> Void = { _ in },
                        events: @escaping @Sendable (ScatterEvent) -> Void = { _ in }) async throws -> Outcome {
        let plan = try await plan(source)
        if let signatures {
            // One refused image stops the run before anything is pushed, as a bad mapping does.
            events(.signaturesVerified(try await signatures.verifyAll(try plan.signedImages(), limit: options.concurrency)))
        }
        if mode == .dryRun { return .planned(plan) }
        willPlace(plan)
        let placer = Placer(client: client, options: options, blobIndex: BlobLocationIndex.standard(), events: events)
        if mode == .check { return .checked(try await placer.check(plan), plan: plan) }
        return .placed(try await placer.run(plan))
    }

    /// Where each image of `source` goes; bad mapping rules and conflicting destinations throw
    /// here, before anything is pushed.
    public func plan(_ source: Source) async throws -> ScatterPlan {
        switch source {
        case .gatherResult(let location):
            let content = try ContentFactory.source(location, client: client)
            return try await Scatterer(source: content, mapper: mapper, options: options).plan()
        case .content(let content):
            return try await Scatterer(source: content, mapper: mapper, options: options).plan()
        case .sources(let entries):
            return try await Cloner(client: client, mapper: mapper, options: options).plan(entries)
        }
    }
}
