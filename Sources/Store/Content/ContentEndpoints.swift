import Foundation
import OCI
import Registry
import Streams

/// Somewhere images are read from. Registry and local layout implement it the same way so
/// every stage copies between any pair.
public protocol ContentSource: Sendable {
    /// The manifest the location names (tag or digest).
    func root() async throws -> ParsedManifest
    func manifest(_ descriptor: Descriptor) async throws -> ParsedManifest
    /// The blob's bytes from `offset`, as a stream that fails at its end if they did not verify.
    func openBlob(_ descriptor: Descriptor, offset: Int64) throws -> any ByteSource
    func referrers(_ digest: Digest) async throws -> [Descriptor]
    /// The registry repository, when there is one (for cross-repository mounts).
    var repository: Repository? { get }
}

/// Somewhere images are written to.
public protocol ContentTarget: Sendable {
    func hasManifest(_ descriptor: Descriptor) async throws -> Bool
    func hasBlob(_ descriptor: Descriptor) async throws -> Bool
    func putBlob(_ descriptor: Descriptor, mountFrom: Repository?, open: @escaping BlobOpener) async throws -> BlobPushOutcome
    func putManifest(_ manifest: ParsedManifest, tag: String?) async throws
    /// The digest `tag` points at now, if any (so an unchanged tag is not written again).
    func digest(tagged tag: String) async throws -> Digest?
    /// The tag the location names, if any (the root is stored under it).
    var tag: String? { get }
    /// The location when it names a digest (`REPO@sha256:…`): only that manifest may go there.
    var pinnedReference: Reference? { get }
    /// Whether a copy would likely mount this blob rather than upload it (a dry run's estimate).
    func canMount(_ descriptor: Descriptor, from source: Repository?) -> Bool
}

extension ContentTarget {
    public var pinnedReference: Reference? { nil }

    /// Only a registry can mount, from a repository of its own.
    public func canMount(_ descriptor: Descriptor, from source: Repository?) -> Bool { false }

    /// Refuses `root` when the location is pinned to another digest (see `DigestPinMismatch`).
    public func checkPin(receiving root: Digest) throws {
        if let pinned = pinnedReference { try DigestPinMismatch.check(pinned, receives: root) }
    }
}

/// A repository on a registry, through the shared client.
public struct RegistryContent: ContentSource, ContentTarget {
    public let client: RegistryClient
    public let reference: Reference
    /// Where else on the registry each blob lives, for mounts instead of uploads.
    public let index: BlobLocationIndex?
    /// Transfer slots shared with other targets (several destinations of one run): taken only
    /// once no other push of the same digest is under way, so waiting to mount a blob that
    /// another destination is uploading never holds a slot that could move something else.
    public let transfers: TransferLimiter?

    public init(client: RegistryClient, reference: Reference, index: BlobLocationIndex? = nil, transfers: TransferLimiter? = nil) {
        self.client = client
        self.reference = reference
        self.index = index
        self.transfers = transfers
    }

    public var repository: Repository? { Repository(reference) }
    public var tag: String? { reference.tag ?? (reference.digest == nil ? "latest" : nil) }
    public var pinnedReference: Reference? { reference.digest == nil ? nil : reference }

    public func root() async throws -> ParsedManifest { try await client.fetchManifest(reference) }

    public func manifest(_ descriptor: Descriptor) async throws -> ParsedManifest {
        try await client.fetchManifest(Repository(reference), digest: descriptor.digest)
    }

    public func openBlob(_ descriptor: Descriptor, offset: Int64) throws -> any ByteSource {
        client.openBlob(Repository(reference), descriptor: descriptor, offset: offset)
    }

    public func referrers(_ digest: Digest) async throws -> [Descriptor] {
        try await client.referrers(Repository(reference), digest: digest)
    }

    public func hasManifest(_ descriptor: Descriptor) async throws -> Bool {
        let pinned = reference.withTag(nil).withDigest(descriptor.digest)
        return try await client.headManifest(pinned, forPush: true) != nil
    }

    public func hasBlob(_ descriptor: Descriptor) async throws -> Bool {
        try await client.blobExists(Repository(reference), digest: descriptor.digest, forPush: true)
    }

    public func putBlob(_ descriptor: Descriptor, mountFrom: Repository?, open: @escaping BlobOpener) async throws -> BlobPushOutcome {
        // A second push of this digest to this registry waits for the first, then finds it (same
        // repository) or mounts it (another one, through the index's hints). Concurrent uploads of
        // one blob into one repository can also leave it briefly unknown to docker-registry, which
        // then refuses the manifest (MANIFEST_BLOB_UNKNOWN): one at a time, process-wide.
        try await Self.uploads.exclusively("\(reference.registry)/\(descriptor.digest)") {
            guard let transfers else { return try await push(descriptor, mountFrom: mountFrom, open: open) }
            return try await transfers.run { try await push(descriptor, mountFrom: mountFrom, open: open) }
        }
    }

    /// Pushes in flight in this process, by registry and digest.
    static let uploads = KeyedGate<String>()

    private func push(_ descriptor: Descriptor, mountFrom: Repository?, open: @escaping BlobOpener) async throws -> BlobPushOutcome {
        let target = Repository(reference)
        let hints = index?.repositories(holding: descriptor.digest, registry: target.registry) ?? []
        let candidates = (mountFrom.map { [$0] } ?? []) + hints.map { Repository(registry: target.registry, name: $0) }
        let outcome = try await client.pushBlob(descriptor, to: target, mountFrom: candidates, open: open)
        if outcome == .uploaded {
            // None of the hinted repositories could lend the blob: they no longer hold it for us.
            hints.forEach { index?.forget(descriptor.digest, registry: target.registry, repository: $0) }
        }
        index?.record(descriptor.digest, registry: target.registry, repository: target.name)
        return outcome
    }

    public func putManifest(_ manifest: ParsedManifest, tag: String?) async throws {
        try await client.pushManifest(manifest, to: Repository(reference), tag: tag)
    }

    /// The source is on this registry, or the blob-location index knows a repository of this
    /// registry that holds the blob: the push would try those mounts first.
    public func canMount(_ descriptor: Descriptor, from source: Repository?) -> Bool {
        if let source, source.registry == reference.registry { return true }
        return !(index?.repositories(holding: descriptor.digest, registry: reference.registry).isEmpty ?? true)
    }

    public func digest(tagged tag: String) async throws -> Digest? {
        try await client.headManifest(try Reference(registry: reference.registry, repository: reference.repository, tag: tag),
                                      forPush: true)?.digest
    }
}

/// A local OCI layout directory.
public struct LayoutContent: ContentSource, ContentTarget {
    public let layout: OCILayout
    public let tag: String?

    public init(layout: OCILayout, tag: String?) {
        self.layout = layout
        self.tag = tag
    }

    public var repository: Repository? { nil }

    public func root() async throws -> ParsedManifest { try layout.manifest(try layout.resolve(tag: tag)) }

    public func manifest(_ descriptor: Descriptor) async throws -> ParsedManifest { try layout.manifest(descriptor) }

    /// A whole blob is verified as it is read; a resumed read (offset > 0) is checked by its consumer.
    public func openBlob(_ descriptor: Descriptor, offset: Int64) throws -> any ByteSource {
        let file = try layout.openBlob(descriptor.digest, offset: offset)
        return offset == 0 ? VerifyingSource(file, expected: descriptor) : file
    }

    /// Referrers in a layout: every manifest listed in index.json whose subject is `digest`.
    public func referrers(_ digest: Digest) async throws -> [Descriptor] {
        var found: [Descriptor] = []
        for entry in try layout.index().manifests where MediaType.isManifest(entry.mediaType) {
            guard let parsed = try? layout.manifest(entry), parsed.subject?.digest == digest else { continue }
            var descriptor = parsed.descriptor
            descriptor.annotations = parsed.annotations
            if descriptor.artifactType == nil, case .image(let image) = parsed.body {
                descriptor.artifactType = image.config.mediaType
            }
            if !found.contains(where: { $0.digest == descriptor.digest }) { found.append(descriptor) }
        }
        return found
    }

    public func hasManifest(_ descriptor: Descriptor) async throws -> Bool { layout.hasBlob(descriptor.digest) }

    public func digest(tagged tag: String) async throws -> Digest? { try? layout.resolve(tag: tag).digest }

    public func hasBlob(_ descriptor: Descriptor) async throws -> Bool { layout.hasBlob(descriptor.digest) }

    public func putBlob(_ descriptor: Descriptor, mountFrom: Repository?, open: @escaping BlobOpener) async throws -> BlobPushOutcome {
        if layout.hasBlob(descriptor.digest) { return .existed }
        let source = try open(0)
        defer { source.close() }
        let layout = self.layout
        // File writes block: keep them off the cooperative pool like network transfers. Closing
        // the source on cancellation unblocks the ingest thread and stops the download behind it.
        try await withTaskCancellationHandler {
            try await runOnThread { try layout.ingest(descriptor, from: source) }
        } onCancel: {
            source.close()
        }
        return .uploaded
    }

    /// Stores the manifest; a referrer (has a subject) is also listed in index.json so it can be found again.
    public func putManifest(_ manifest: ParsedManifest, tag: String?) async throws {
        try layout.ingest(manifest.descriptor, data: manifest.bytes)
        if let tag {
            try layout.setTag(tag, to: manifest.descriptor)
        } else if manifest.subject != nil {
            try layout.setTag(nil, to: manifest.descriptor)
        }
    }
}
