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
    /// Further names of manifests already in `manifests`: a gather of two sources that resolve to
    /// one digest lists it twice, each with its own `ref.name`, and both names stay readable
    /// (`oci-archive:FILE:NAME`) in the closing index.json.
    public var otherNames: [Descriptor] = []
    /// Blobs left out because the far side has them (existing images, checkpoints).
    public var skippedBlobs = 0
    /// Those blobs, each once (a receipt lists them: verify accepts them as on the far side).
    public var leftOut: [Descriptor] = []
    public var skippedBytes: Int64 = 0
    /// Bytes of every manifest walked (on disk): a registry serves manifests from /manifests/.
    let manifestBytes: ManifestStash

    public var blobBytes: Int64 { entries.lazy.map(\.descriptor).totalSize }
}

/// Walks a graph depth-first, pre-order, as ace-dt does: a manifest, then its successors (image:
/// subject, config, layers; index: subject, manifests, then the extra-manifests of the gather
/// index fallback), then its referrers, each walked the same way. A digest already written or
/// known on the far side is not written again.
///
/// A platform manifest picked out of an index (`gather -p`, annotated with the index as
/// `data.act3-ace.io/source-index`) also brings the referrers of that index: its signatures,
/// which gather brought although the index itself is not in the set. Their subject is then
/// deliberately absent and not walked; the far side pushes them without it, as OCI 1.1 allows.

struct StreamPlanner {
    let source: any ContentSource
    let referrers: Bool
    private var plan: StreamPlan
    /// Digests the far side already has.
    private let skip: Set<Digest>
    private var written: Set<Digest> = []
    private var skipped: Set<Digest> = []
    private var manifestsSeen: Set<ManifestKey> = []
    /// Source indexes whose referrers were walked: subjects the set does not carry.
    private var sourceIndexes: Set<Digest> = []

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

    private mutating func visit(_ descriptor: Descriptor, prefetched: Task<ManifestNode, any Error>? = nil) async throws {
        guard MediaType.isManifest(descriptor.mediaType) else {
            // Foreign layers stay where their URLs point (a gather never stored them).
            if MediaType.isNonDistributable(descriptor.mediaType) { return }
            add(descriptor, isManifest: false)
            return
        }
        guard manifestsSeen.insert(Self.key(descriptor)).inserted else {
            prefetched?.cancel()
            noteOtherName(descriptor)
            return
        }
        plan.manifests.append(descriptor)
        add(descriptor, isManifest: true)
        let node = if let prefetched {
            // An unstructured task does not inherit the walk's cancellation: pass it on.
            try await withTaskCancellationHandler { try await prefetched.value } onCancel: { prefetched.cancel() }
        } else {
            try await ManifestNode.fetch(descriptor, from: source, referrers: referrers)
        }
        try plan.manifestBytes.keep(node.manifest.bytes, digest: descriptor.digest)
        let manifest = node.manifest
        let subject = manifest.subject.flatMap { sourceIndexes.contains($0.digest) ? nil : $0 }
        try await visitAll([subject].compactMap({ $0 }) + manifest.children + (try manifest.extraManifests()))
        try await visitAll(node.referrers)
        try await visitSourceIndexReferrers(of: descriptor)
    }

    /// The referrers of the index `descriptor` was picked out of, once per index.
    private mutating func visitSourceIndexReferrers(of descriptor: Descriptor) async throws {
        guard referrers, let text = descriptor.annotations?[AnnotationKey.sourceIndex] else { return }
        let index = DigestHasher.digest(of: Data(text.utf8), algorithm: .sha256)
        guard sourceIndexes.insert(index).inserted else { return }
        try await visitAll(try await source.referrers(index))
    }

    /// Keeps `descriptor`'s `ref.name` when the manifest is listed under another name so far.
    private mutating func noteOtherName(_ descriptor: Descriptor) {
        guard let name = descriptor.annotations?[AnnotationKey.refName] else { return }
        let key = Self.key(descriptor)
        let named = (plan.manifests + plan.otherNames).contains { Self.key($0) == key && $0.annotations?[AnnotationKey.refName] == name }
        if !named { plan.otherNames.append(descriptor) }
    }

    /// Visits `successors` in order while the next few manifests among them (and their
    /// referrers) are already being fetched: an index of 200 images would otherwise cost 400
    /// registry round trips one after another before the first byte is written.
    private mutating func visitAll(_ successors: [Descriptor]) async throws {
        var pending: [Int: Task<ManifestNode, any Error>] = [:]
        defer { pending.values.forEach { $0.cancel() } }
        let source = self.source, referrers = self.referrers
        func prefetch(_ position: Int) {
            guard position < successors.count else { return }
            let successor = successors[position]
            guard MediaType.isManifest(successor.mediaType), !manifestsSeen.contains(Self.key(successor)) else { return }
            pending[position] = Task { try await ManifestNode.fetch(successor, from: source, referrers: referrers) }
        }
        for position in 0..<min(Self.prefetchDepth, successors.count) { prefetch(position) }
        for (position, successor) in successors.enumerated() {
            prefetch(position + Self.prefetchDepth)
            try await visit(successor, prefetched: pending.removeValue(forKey: position))
        }
    }

    /// Manifests fetched ahead of the walk; small documents, so memory stays a few hundred KiB.
    static let prefetchDepth = 16

    private static func key(_ descriptor: Descriptor) -> ManifestKey {
        ManifestKey(mediaType: descriptor.mediaType, digest: descriptor.digest, size: descriptor.size)
    }

    private mutating func add(_ descriptor: Descriptor, isManifest: Bool) {
        if skip.contains(descriptor.digest) {
            if skipped.insert(descriptor.digest).inserted {
                plan.leftOut.append(descriptor)
                plan.skippedBlobs += 1
                plan.skippedBytes = plan.skippedBytes.addingSaturated(descriptor.size)
            }
            return
        }
        guard written.insert(descriptor.digest).inserted else { return }
        plan.entries.append(StreamPlan.Entry(descriptor: descriptor, isManifest: isManifest))
    }
}

/// A manifest of the walk with the manifests whose subject it is (empty unless asked for).
struct ManifestNode: Sendable {
    var manifest: ParsedManifest
    var referrers: [Descriptor]

    static func fetch(_ descriptor: Descriptor, from source: any ContentSource, referrers: Bool) async throws -> ManifestNode {
        let manifest = try await source.manifest(descriptor)
        return ManifestNode(manifest: manifest, referrers: referrers ? try await source.referrers(descriptor.digest) : [])
    }
}
