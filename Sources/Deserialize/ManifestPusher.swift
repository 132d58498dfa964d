import Foundation
import OCI
import Registry
import Store

/// Pushes the manifests a stream's index.json lists, children before parents, each only when
/// everything under it exists in the target (ace-dt's taggable tracker, done once at the end).
final class ManifestPusher: @unchecked Sendable {
    struct Outcome {
        var pushed = 0
        var existing = 0
        /// Blobs or manifests needed and found neither in the stream nor in the target.
        var missing = 0
        /// Manifests not pushed because something under them is missing.
        var held = 0
        /// Manifests the target refused (digest and the registry's answer); their parents wait.
        var refused: [String] = []
        var root: Digest?
    }

    private let target: any Deserializer.Target
    private let spool: ManifestSpool
    private let written: Set<Digest>
    private let dryRun: Bool
    private let events: @Sendable (DeserializeEvent) -> Void
    private var outcome = Outcome()
    private var complete: [Digest: Bool] = [:]
    private var missingCounted: Set<Digest> = []

    init(target: any Deserializer.Target, spool: ManifestSpool, written: Set<Digest>, dryRun: Bool,
         events: @escaping @Sendable (DeserializeEvent) -> Void) {
        self.target = target
        self.spool = spool
        self.written = written
        self.dryRun = dryRun
        self.events = events
    }

    /// The first manifest of the index is the root: it gets `rootTag`.
    func push(index: ImageIndex, rootTag: String?) async throws -> Outcome {
        outcome.root = index.manifests.first?.digest
        for (position, descriptor) in index.manifests.enumerated() {
            _ = try await ensure(descriptor, tag: position == 0 ? rootTag : nil)
        }
        return outcome
    }

    private func ensure(_ descriptor: Descriptor, tag: String?) async throws -> Bool {
        if tag == nil, let known = complete[descriptor.digest] { return known }
        let result = try await ensureUncached(descriptor, tag: tag)
        complete[descriptor.digest] = result
        return result
    }

    private func ensureUncached(_ descriptor: Descriptor, tag: String?) async throws -> Bool {
        // A dry run's target is read-only (ContentFactory.readOnlyTarget): asking it is safe, and a
        // second medium can then be checked against what the first one already delivered.
        let inTarget = try await target.hasManifest(descriptor)
        var stored = spool.bytes(descriptor.digest)
        if stored == nil, inTarget { stored = try await target.manifest(descriptor).bytes }
        guard let bytes = stored else {
            countMissing(descriptor.digest)
            return false
        }
        let manifest = try ParsedManifest(bytes: bytes, contentType: descriptor.mediaType)
        var ready = true
        for child in manifest.children + (try manifest.extraManifests()) {
            if MediaType.isManifest(child.mediaType) {
                if try await !ensure(child, tag: nil) { ready = false }
            } else if !(try await hasBlob(child)) {
                countMissing(child.digest)
                ready = false
            }
        }
        guard ready else {
            outcome.held += 1
            return false
        }
        if dryRun { return true }
        // Pushed even when the target answers for its digest: ace-dt (and older ferry runs) store
        // manifests as blobs first, and a registry then serves that blob by digest although it
        // was never pushed as a manifest (no tag, no referrers link). A manifest PUT of existing
        // content is cheap and idempotent.
        do {
            try await target.putManifest(manifest, tag: tag)
        } catch let error as RegistryError where error.kind == .rejected {
            // The registry refused this one manifest (a media type or size it does not take):
            // the others still go in, and the refusals are reported together at the end.
            outcome.refused.append("\(descriptor.digest): \(error)")
            return false
        }
        if inTarget { outcome.existing += 1 } else { outcome.pushed += 1 }
        events(.manifest(digest: descriptor.digest.description, tag: tag))
        return true
    }

    private func hasBlob(_ descriptor: Descriptor) async throws -> Bool {
        // Foreign layers never travel; their URLs point elsewhere.
        if MediaType.isNonDistributable(descriptor.mediaType) { return true }
        if written.contains(descriptor.digest) { return true }
        if try await target.hasBlob(descriptor) { return true }
        if dryRun { return spool.bytes(descriptor.digest) != nil }
        // A config (or other small blob) shaped like a manifest was spooled, not stored: store it now.
        guard let data = spool.bytes(descriptor.digest) else { return false }
        _ = try await target.putBlob(descriptor, mountFrom: nil) { _ in DataSource(data) }
        return true
    }

    private func countMissing(_ digest: Digest) {
        if missingCounted.insert(digest).inserted { outcome.missing += 1 }
    }
}
