import Foundation
import OCI
import Registry
import Signatures
import Store
import Transfer

/// Writes a plan's destinations (or only compares them, for `--compare`). Shared by scatter and
/// clone: the two differ only in where images are read from.
public final class Placer: Sendable {
    private let client: RegistryClient
    private let options: ScatterOptions
    private let blobIndex: BlobLocationIndex?
    private let events: @Sendable (ScatterEvent) -> Void

    /// `blobIndex` remembers where blobs live on each registry, for mounts across runs.
    public init(client: RegistryClient, options: ScatterOptions, blobIndex: BlobLocationIndex? = nil,
                events: @escaping @Sendable (ScatterEvent) -> Void = { _ in }) {
        self.client = client
        self.options = options
        self.blobIndex = blobIndex
        self.events = events
    }

    /// Copies every placement: its manifests, their blobs and their referrers, streaming from the
    /// images' content; blobs are mounted when source and destination share a registry. Without
    /// `--continue` the first failure stops the run.
    public func run(_ plan: ScatterPlan) async throws -> ScatterSummary {
        let started = Date()
        var failures = plan.failures
        var summary = CopySummary()
        var placed = 0
        let eventSink = events
        // Destinations in parallel, their blob transfers sharing `concurrency` slots. A slot is
        // taken only to move bytes, not to wait for another destination's upload of a shared
        // layer (it is then mounted), so the other images' own layers keep the slots busy.
        let transfers = TransferLimiter(limit: options.concurrency)
        let metadata = TransferLimiter(limit: TransferSession.metadataLimit(options.concurrency * Self.destinationsPerSlot))
        let referrers = options.referrers
        let client = self.client
        let blobIndex = self.blobIndex
        try await forEachBounded(plan.placements, limit: options.concurrency * Self.destinationsPerSlot, { placement in
            let target = RegistryContent(client: client, reference: placement.destination.reference, index: blobIndex,
                                         transfers: transfers)
            let session = TransferSession(target: target, concurrency: Self.blobsPerDestination, metadata: metadata) { eventSink(.copy($0)) }
            let root = try await placement.root()
            try placement.checkPinnedDigest(root.digest)
            guard let content = placement.images.first?.content else { return (root.digest, await session.summary) }
            try await session.copy(root, from: content, tag: placement.tag, referrers: referrers)
            if referrers { try await Self.copySignatures(of: placement, from: content, session: session) }
            return (root.digest, await session.summary)
        }, receive: { position, outcome in
            let placement = plan.placements[position]
            let destination = placement.destination.reference.description
            switch outcome {
            case .success(let (digest, copied)):
                placed += 1
                summary.add(copied)
                eventSink(.placed(source: placement.source, destination: destination, digest: digest))
            case .failure(let error):
                let failure = (error as? ScatterFailure)
                    ?? ScatterFailure(source: placement.source, destination: destination, message: "\(error)")
                guard options.continueOnError else { throw failure }
                failures.append(failure)
                eventSink(.failure(failure))
            }
        })
        return ScatterSummary(placed: placed, images: plan.images, unmapped: plan.unmapped, leftOut: plan.leftOut,
                              copy: summary, failures: failures, seconds: Date().timeIntervalSince(started))
    }

    /// Signatures go with their images: the referrers of the index a platform was picked out of
    /// (what cosign signed; the destination gets a cut-down index, so they arrive without their
    /// subject, as OCI 1.1 allows), and `.sig`-tag signatures restated as referrers
    /// (`TagSignatureReferrer`: clone reads the source repository, where they are tags).
    static func copySignatures(of placement: Placement, from content: any ContentSource,
                               session: TransferSession) async throws {
        var seen: Set<Digest> = []
        for subject in placement.images.map(\.signedDescriptor) where seen.insert(subject.digest).inserted {
            try await session.copyReferrers(of: subject.digest, from: content)
            try await TagSignatureReferrer.copy(of: [subject], from: content, into: session)
        }
    }

    /// Blobs of one destination in flight at once (most wait for a shared slot or a mount).
    static let blobsPerDestination = 16
    /// Destinations placed at once per transfer slot: images whose shared base layer is still
    /// uploading elsewhere only wait, so more of them in flight keeps the slots busy with
    /// their own layers. Cheap while waiting (a manifest each).
    static let destinationsPerSlot = 2

    /// Asks each destination what it holds; writes nothing.
    public func check(_ plan: ScatterPlan) async throws -> [PlacementCheck] {
        var checks = [PlacementCheck?](repeating: nil, count: plan.placements.count)
        let client = self.client
        try await forEachBounded(plan.placements, limit: options.concurrency, { placement in
            let root = try await placement.root()
            let target = RegistryContent(client: client, reference: placement.destination.reference)
            let state: PlacementCheck.State
            if let tag = placement.tag {
                let current = try await target.digest(tagged: tag)
                state = current.map { $0 == root.digest ? .upToDate : .differs(current: $0) } ?? .missing
            } else {
                state = try await target.hasManifest(root.descriptor) ? .upToDate : .missing
            }
            return PlacementCheck(source: placement.source, destination: placement.destination.reference,
                                  expected: root.digest, state: state)
        }, receive: { position, outcome in
            checks[position] = try outcome.get()
        })
        return checks.compactMap { $0 }
    }
}
