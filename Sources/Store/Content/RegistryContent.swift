import Foundation
import OCI
import Registry
import Streams

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

    /// Looked up by HEAD, then fetched by digest so the bytes are checked against it.
    public func manifest(tagged tag: String) async throws -> ParsedManifest? {
        let tagged = try Reference(registry: reference.registry, repository: reference.repository, tag: tag)
        guard let found = try await client.headManifest(tagged) else { return nil }
        return try await client.fetchManifest(Repository(reference), digest: found.digest)
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
