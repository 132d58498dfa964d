import Foundation
import OCI
import Registry

/// Progress of a copy, for the progress bar and `--json` lines.
public enum CopyEvent: Sendable {
    case blob(Descriptor, BlobPushOutcome)
    case manifest(Descriptor, existed: Bool)
    /// Bytes moved since the previous event of this kind.
    case bytes(Int64)
}

/// What a copy did.
public struct CopySummary: Sendable, Codable {
    public var root: Descriptor?
    public var manifests = 0
    /// Manifests the target had already (their blobs were not looked at again).
    public var manifestsExisting = 0
    public var blobsUploaded = 0
    public var blobsMounted = 0
    public var blobsExisting = 0
    public var bytesUploaded: Int64 = 0
    public var bytesSkipped: Int64 = 0
    public var seconds: Double = 0

    public init() {}
}

/// What a read-only look ahead learnt about a root before its copy, so the copy need not ask
/// again. A question that failed is left unanswered (nil): the copy asks it itself, and reports.
public struct RootProbe: Sendable {
    /// Whether the target had the manifest.
    public var targetHas: Bool?
    /// The root's referrers in the source (asked only when referrers travel).
    public var referrers: [Descriptor]?

    public init(targetHas: Bool? = nil, referrers: [Descriptor]? = nil) {
        self.targetHas = targetHas
        self.referrers = referrers
    }
}

/// The blobs one image's graph refers to, each time it refers to them (for gather's size totals).
public struct GraphBlobs: Sendable {
    public var descriptors: [Descriptor] = []
    public var totalSize: Int64 { descriptors.totalSize }
}

/// One run that copies any number of image graphs, from any sources, into one target.
///
/// Children go before parents (a registry refuses a manifest whose blobs are missing), blobs
/// stream through with bounded parallelism, each digest is transferred once however many images
/// share it, and a manifest the target already has costs one HEAD, not its blobs.
public final class TransferSession: Sendable {
    public let target: any ContentTarget
    private let events: @Sendable (CopyEvent) -> Void
    private let limiter: TransferLimiter
    /// Bounds manifest, HEAD and referrers requests: a wide index must not open hundreds at once.
    /// Never held across a recursive walk, so a parent waiting on children cannot starve them.
    private let metadata: TransferLimiter
    private let flights = SingleFlight<Digest, BlobPushOutcome>()
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
        let collector = BlobCollector()
        try await copy(root, from: source, tag: tag, isRoot: true, referrers: referrers, known: probe, collector: collector)
        return await collector.blobs
    }

    private func copy(_ manifest: ParsedManifest, from source: any ContentSource, tag: String?, isRoot: Bool,
                      referrers: Bool, known: RootProbe = RootProbe(), collector: BlobCollector) async throws {
        let target = self.target
        let metadata = self.metadata
        // The referrers are listed while the graph copies (they are copied after it, as before):
        // one round trip less per manifest on the way.
        async let listed: [Descriptor]? = referrers && known.referrers == nil
            ? metadata.run { try await source.referrers(manifest.digest) } : nil
        let existed: Bool
        if let answer = known.targetHas {
            existed = answer
        } else {
            existed = try await metadata.run { try await target.hasManifest(manifest.descriptor) }
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for child in manifest.children {
                group.addTask {
                    if MediaType.isManifest(child.mediaType) {
                        // Walked even when the parent exists: its blobs count in the sizes, and
                        // a HEAD per child manifest is all it costs.
                        let parsed = try await self.metadata.run { try await source.manifest(child) }
                        try await self.copy(parsed, from: source, tag: nil, isRoot: false, referrers: referrers, collector: collector)
                    } else {
                        await collector.add(child)
                        if !existed { try await self.copyBlob(child, from: source) }
                    }
                }
            }
            try await group.waitForAll()
        }
        if !existed {
            try await target.putManifest(manifest, tag: tag)
        } else if isRoot, let tag, try await target.digest(tagged: tag) != manifest.digest {
            try await target.putManifest(manifest, tag: tag)
        }
        await stats.manifest(existed: existed)
        events(.manifest(manifest.descriptor, existed: existed))
        if referrers, let found = try await listed ?? known.referrers {
            try await copyReferrers(found, from: source)
        }
    }

    /// Copies every manifest whose subject is `digest` (and their own referrers). They travel with
    /// their subject but are not part of its size, as ace-dt counts.
    public func copyReferrers(of digest: Digest, from source: any ContentSource) async throws {
        try await copyReferrers(try await metadata.run { try await source.referrers(digest) }, from: source)
    }

    private func copyReferrers(_ found: [Descriptor], from source: any ContentSource) async throws {
        let uncounted = BlobCollector()
        for referrer in found where MediaType.isManifest(referrer.mediaType) {
            let manifest = try await metadata.run { try await source.manifest(referrer) }
            try await copy(manifest, from: source, tag: nil, isRoot: false, referrers: true, collector: uncounted)
        }
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
            case .uploaded: summary.blobsUploaded += 1; summary.bytesUploaded += descriptor.size
            case .mounted: summary.blobsMounted += 1; summary.bytesSkipped += descriptor.size
            case .existed: summary.blobsExisting += 1; summary.bytesSkipped += descriptor.size
            }
        }
    }

    private actor BlobCollector {
        var blobs = GraphBlobs()
        func add(_ descriptor: Descriptor) { blobs.descriptors.append(descriptor) }
    }
}
