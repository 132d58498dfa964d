import Foundation
import OCI
import Registry
import Streams
import Store

/// One run that copies any number of image graphs, from any sources, into one target.
///
/// Children go before parents (a registry refuses a manifest whose blobs are missing), blobs
/// stream through with bounded parallelism, each digest is transferred once however many images
/// share it, and a manifest the target already has costs one HEAD, not its blobs.
///
/// Each manifest is walked once per session: a registry's referrers answers can loop (a manifest
/// listed as its own referrer, or A's referrers naming B and B's naming A), and graphs shared by
/// many images would otherwise be walked once per image.
public final class TransferSession: Sendable {
    public let target: any ContentTarget
    let events: @Sendable (CopyEvent) -> Void
    private let limiter: TransferLimiter
    /// Bounds manifest, HEAD and referrers requests: a wide index must not open hundreds at once.
    /// Never held across a recursive walk, so a parent waiting on children cannot starve them.
    let metadata: TransferLimiter
    private let flights = SingleFlight<Digest, BlobPushOutcome>()
    /// One walk per manifest digest; a second caller waits for the first and gets its result.
    /// Only children are walked inside a flight (acyclic: a manifest's bytes hold its children's
    /// digests), never referrers, so no flight can wait on itself.
    private let subtrees = SingleFlight<Digest, Subtree>()
    let ledger = WalkLedger()
    private let stats = Stats()

    /// `metadata`: a limiter shared by several sessions of one run (one per destination), so
    /// their manifest and HEAD requests stay bounded together; nil gives this session its own.
    public init(target: any ContentTarget, concurrency: Int = 6, metadata: TransferLimiter? = nil,
                events: @escaping @Sendable (CopyEvent) -> Void = { _ in }) {
        self.target = target
        self.events = events
        self.limiter = TransferLimiter(limit: concurrency)
        self.metadata = metadata ?? TransferLimiter(limit: Self.metadataLimit(concurrency))
    }

    /// Manifest, HEAD and referrers requests at once for `concurrency` blob transfers.
    public static func metadataLimit(_ concurrency: Int) -> Int { max(4, concurrency * 2) }

    /// Everything done so far.
    public var summary: CopySummary {
        get async { await stats.summary }
    }

    /// Asks, writing nothing, whether the target has `root` and (with `referrers`) which
    /// referrers it has in `source`, both at once. Run while other sources still resolve, this
    /// leaves an unchanged image nothing to ask in `copy`.
    public func probe(_ root: ParsedManifest, from source: any ContentSource, referrers: Bool) async -> RootProbe {
        let target = self.target
        let metadata = self.metadata
        async let has = try? metadata.run { try await target.hasManifest(root.descriptor) }
        async let found = referrers ? try? metadata.run { try await source.referrers(root.digest) } : nil
        return RootProbe(targetHas: await has, referrers: await found)
    }

    /// Copies `root` and its graph from `source`; tags it with `tag` when given. Returns the blobs
    /// the graph refers to (configs and layers, with repeats; referrers' not counted), whether
    /// or not they had to move. `probe` holds answers about the root already known.
    @discardableResult
    public func copy(_ root: ParsedManifest, from source: any ContentSource, tag: String?, referrers: Bool,
                     probe: RootProbe = RootProbe()) async throws -> GraphBlobs {
        let metadata = self.metadata
        // The root's referrers are listed while its graph copies (they are copied after it).
        let listsRoot = referrers ? await ledger.claimListing(root.digest) : false
        async let listed: [Descriptor]? = listsRoot && probe.referrers == nil
            ? metadata.run { try await source.referrers(root.digest) } : nil
        let tree = try await subtree(root, from: source, tag: tag, targetHas: probe.targetHas)
        if let tag, tree.tag != tag, try await target.digest(tagged: tag) != root.digest {
            // The graph was already copied in this session, untagged (another image's child).
            try await target.putManifest(root, tag: tag)
        }
        if referrers {
            let found = listsRoot ? (try await listed ?? probe.referrers ?? []) : []
            try await copyReferrers(found, andThoseOf: tree.manifests, from: source)
        }
        return GraphBlobs(descriptors: tree.blobs)
    }

    /// What is under one manifest once its walk is done.
    struct Subtree: Sendable {
        /// Configs and layers under it, each time they are referred to, in walk order.
        var blobs: [Descriptor]
        /// It and the manifests under it, each once, parents first (whose referrers to list).
        var manifests: [Digest]
        /// The tag it was written under by the walk that led, if any.
        var tag: String?
    }

    /// Copies `manifest` after everything under it, once per session: a second caller (another
    /// image sharing the manifest) waits for the first walk and gets what it found.
    func subtree(_ manifest: ParsedManifest, from source: any ContentSource, tag: String?,
                 targetHas known: Bool? = nil) async throws -> Subtree {
        await ledger.claimManifest(manifest.digest)
        return try await subtrees.run(manifest.digest) {
            try await self.walk(manifest, from: source, tag: tag, targetHas: known)
        }
    }

    private func walk(_ manifest: ParsedManifest, from source: any ContentSource, tag: String?,
                      targetHas known: Bool?) async throws -> Subtree {
        let target = self.target
        let metadata = self.metadata
        let existed: Bool
        if let known {
            existed = known
        } else {
            existed = try await metadata.run { try await target.hasManifest(manifest.descriptor) }
        }
        // Gather's index fallback keeps nested indexes in an annotation: they travel too.
        let successors = manifest.children + (try manifest.extraManifests())
        let parts = try await withThrowingTaskGroup(of: (Int, Subtree).self) { group in
            for (position, child) in successors.enumerated() {
                group.addTask {
                    guard MediaType.isManifest(child.mediaType) else {
                        if !existed { try await self.copyBlob(child, from: source) }
                        return (position, Subtree(blobs: [child], manifests: [], tag: nil))
                    }
                    // Walked even when the parent exists: its blobs count in the sizes, and
                    // a HEAD per child manifest is all it costs.
                    let parsed = try await metadata.run { try await source.manifest(child) }
                    return (position, try await self.subtree(parsed, from: source, tag: nil))
                }
            }
            var parts = [Subtree?](repeating: nil, count: successors.count)
            for try await (position, part) in group { parts[position] = part }
            return parts.compactMap { $0 }
        }
        if !existed {
            try await target.putManifest(manifest, tag: tag)
        } else if let tag, try await target.digest(tagged: tag) != manifest.digest {
            try await target.putManifest(manifest, tag: tag)
        }
        await stats.manifest(existed: existed)
        events(.manifest(manifest.descriptor, existed: existed))
        var seen: Set<Digest> = [manifest.digest]
        let below = parts.flatMap(\.manifests).filter { seen.insert($0).inserted }
        return Subtree(blobs: parts.flatMap(\.blobs), manifests: [manifest.digest] + below, tag: tag)
    }

    private func copyBlob(_ descriptor: Descriptor, from source: any ContentSource) async throws {
        // Non-distributable (foreign) layers stay where their URLs point, as skopeo does.
        if MediaType.isNonDistributable(descriptor.mediaType) { return }
        // Counted inside the flight: a digest shared by several manifests is one transfer.
        _ = try await flights.run(descriptor.digest) { () async throws -> BlobPushOutcome in
            let outcome = try await self.limiter.run {
                let events = self.events
                return try await self.target.putBlob(descriptor, mountFrom: source.repository) { offset in
                    CountingSource(try source.openBlob(descriptor, offset: offset)) { events(.bytes($0)) }
                }
            }
            await self.stats.blob(descriptor, outcome)
            self.events(.blob(descriptor, outcome))
            return outcome
        }
    }

    private actor Stats {
        var summary = CopySummary()
        func manifest(existed: Bool) {
            summary.manifests += 1
            if existed { summary.manifestsExisting += 1 }
        }
        func blob(_ descriptor: Descriptor, _ outcome: BlobPushOutcome) {
            switch outcome {
            case .uploaded:
                summary.blobsUploaded += 1
                summary.bytesUploaded = summary.bytesUploaded.addingSaturated(descriptor.size)
            case .mounted:
                summary.blobsMounted += 1
                summary.bytesSkipped = summary.bytesSkipped.addingSaturated(descriptor.size)
            case .existed:
                summary.blobsExisting += 1
                summary.bytesSkipped = summary.bytesSkipped.addingSaturated(descriptor.size)
            }
        }
    }
}
