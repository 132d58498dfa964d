import Foundation
import OCI
import Store

/// What a serialized stream holds, in order, decided before a byte is written: the blob entries
/// of the walk and every manifest met (for the closing index.json). Planning first lets a resumed
/// run check its checkpoint before touching the file, and gives progress a known total.
public struct StreamPlan: Sendable {
    /// One `blobs/<alg>/<hex>` entry.
    public struct Entry: Sendable, Equatable {
        /// The descriptor as met in the walk (its parent's annotations included).
        public var descriptor: Descriptor
        public var isManifest: Bool
    }

    public var root: Descriptor
    public var entries: [Entry] = []
    /// Manifests and indexes in the order met, root first, each once (closing index.json).
    public var manifests: [Descriptor] = []
    /// Blobs left out because the far side has them (existing images, checkpoints).
    public var skippedBlobs = 0
    public var skippedBytes: Int64 = 0
    /// Bytes of every manifest walked (on disk): a registry serves manifests from /manifests/.
    let manifestBytes: ManifestStash

    public var blobBytes: Int64 { entries.reduce(0) { $0 + $1.descriptor.size } }
}

/// Walks a graph depth-first, pre-order, as ace-dt does: a manifest, then its successors (image:
/// subject, config, layers; index: subject, manifests, then the extra-manifests of the gather
/// index fallback), then its referrers, each walked the same way. A digest already written or
/// known on the far side is not written again.
struct StreamPlanner {
    let source: any ContentSource
    let referrers: Bool
    private var plan: StreamPlan
    /// Digests the far side already has.
    private let skip: Set<Digest>
    private var written: Set<Digest> = []
    private var skipped: Set<Digest> = []
    private var manifestsSeen: Set<ManifestKey> = []

    /// A manifest is the same node when media type, digest and size agree (ace-dt's tracker key).
    private struct ManifestKey: Hashable {
        var mediaType: String
        var digest: Digest
        var size: Int64
    }

    init(source: any ContentSource, root: Descriptor, skip: Set<Digest>, referrers: Bool) throws {
        self.source = source
        self.referrers = referrers
        self.plan = StreamPlan(root: root, manifestBytes: try ManifestStash())
        self.skip = skip
    }

    static func plan(source: any ContentSource, root: Descriptor, skip: Set<Digest>, referrers: Bool) async throws -> StreamPlan {
        var planner = try StreamPlanner(source: source, root: root, skip: skip, referrers: referrers)
        try await planner.visit(root)
        return planner.plan
    }

    private mutating func visit(_ descriptor: Descriptor) async throws {
        guard MediaType.isManifest(descriptor.mediaType) else {
            // Foreign layers stay where their URLs point (a gather never stored them).
            if MediaType.isNonDistributable(descriptor.mediaType) { return }
            add(descriptor, isManifest: false)
            return
        }
        let key = ManifestKey(mediaType: descriptor.mediaType, digest: descriptor.digest, size: descriptor.size)
        guard manifestsSeen.insert(key).inserted else { return }
        plan.manifests.append(descriptor)
        add(descriptor, isManifest: true)
        let manifest = try await source.manifest(descriptor)
        try plan.manifestBytes.keep(manifest.bytes, digest: descriptor.digest)
        for successor in [manifest.subject].compactMap({ $0 }) + manifest.children + (try manifest.extraManifests()) {
            try await visit(successor)
        }
        if referrers {
            for referrer in try await source.referrers(descriptor.digest) {
                try await visit(referrer)
            }
        }
    }

    private mutating func add(_ descriptor: Descriptor, isManifest: Bool) {
        if skip.contains(descriptor.digest) {
            if skipped.insert(descriptor.digest).inserted {
                plan.skippedBlobs += 1
                plan.skippedBytes += descriptor.size
            }
            return
        }
        guard written.insert(descriptor.digest).inserted else { return }
        plan.entries.append(StreamPlan.Entry(descriptor: descriptor, isManifest: isManifest))
    }
}
