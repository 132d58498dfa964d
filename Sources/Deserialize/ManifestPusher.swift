import Foundation
import OCI
import Registry
import Store
import Streams

/// Pushes the manifests a stream's index.json lists, children before parents, each only when
/// everything under it exists in the target with the size its descriptor declares (ace-dt's
/// taggable tracker, done once at the end). Each manifest is validated before it is pushed, so a
/// hostile one is named here instead of surfacing as the registry's HTTP 500.
final class ManifestPusher {
    struct Outcome {
        var pushed = 0
        var existing = 0
        /// Blobs or manifests needed and found neither in the stream nor in the target.
        var missing = NamedList()
        /// Manifests refused before any push, with the reason (`digest: reason`).
        var invalid = NamedList()
        /// Manifests not pushed because something under them is missing or invalid.
        var held = 0
        /// Manifests the target refused (digest and the registry's answer); their parents wait.
        var refused: [String] = []
        var root: Digest?
    }

    private let target: any Deserializer.Target
    private let spool: ManifestSpool
    /// Blobs the stream carried, with the bytes it carried for each.
    private let written: [Digest: Int64]
    private let dryRun: Bool
    /// Where blobs the stream left out may be mounted from.
    private let lenders: MountSources
    private let events: @Sendable (DeserializeEvent) -> Void
    private var outcome = Outcome()
    private var complete: [Digest: Bool] = [:]
    /// The size of every manifest read so far, so each descriptor naming it is checked.
    private var manifestSizes: [Digest: Int64] = [:]
    private var missingCounted: Set<Digest> = []
    /// Manifests whose wrong declared size was already named.
    private var sizeNamed: Set<Digest> = []

    init(target: any Deserializer.Target, spool: ManifestSpool, written: [Digest: Int64], dryRun: Bool,
         lenders: MountSources = MountSources(), events: @escaping @Sendable (DeserializeEvent) -> Void) {
        self.lenders = lenders
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
            _ = try await ensure(descriptor, tag: position == 0 ? rootTag : nil, isRoot: position == 0)
        }
        return outcome
    }

    private func ensure(_ descriptor: Descriptor, tag: String?, isRoot: Bool = false) async throws -> Bool {
        var result: Bool
        if tag == nil, !isRoot, let known = complete[descriptor.digest] {
            result = known
        } else {
            result = try await ensureUncached(descriptor, tag: tag, isRoot: isRoot)
            complete[descriptor.digest] = result
        }
        // Checked for every descriptor naming the manifest, not only the first one walked.
        if let actual = manifestSizes[descriptor.digest], actual != descriptor.size {
            if sizeNamed.insert(descriptor.digest).inserted { outcome.invalid.append(Self.sizeProblem(descriptor, actual: actual)) }
            result = false
        }
        return result
    }

    private func ensureUncached(_ descriptor: Descriptor, tag: String?, isRoot: Bool) async throws -> Bool {
        if let carried = written[descriptor.digest] {
            // The stream carried these bytes, and they did not read as a manifest.
            outcome.invalid.append("\(descriptor.digest): \(try await notAManifest(descriptor, size: carried))")
            outcome.held += 1
            return false
        }
        // A dry run's target is read-only (ContentFactory.readOnlyTarget): asking it is safe, and a
        // second medium can then be checked against what the first one already delivered.
        let inTarget = try await target.hasManifest(descriptor)
        let manifest: ParsedManifest
        do {
            guard let parsed = try await read(descriptor, inTarget: inTarget) else {
                countMissing(descriptor.digest)
                return false
            }
            manifest = parsed
            manifestSizes[descriptor.digest] = Int64(parsed.bytes.count)
            guard Int64(parsed.bytes.count) == descriptor.size else {  // named by `ensure`
                outcome.held += 1
                return false
            }
            try manifest.checkLimits()
            if isRoot, manifest.isIndex, manifest.children.isEmpty, try manifest.extraManifests().isEmpty {
                throw OCIError.invalidManifest(reason: "the root index lists no manifests: there is nothing to tag")
            }
        } catch let error as OCIError {
            outcome.invalid.append("\(descriptor.digest): \(error)")
            outcome.held += 1
            return false
        }
        guard try await childrenReady(manifest) else {
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

    /// The manifest from the stream (the spool), else from the target; nil when neither has it.
    private func read(_ descriptor: Descriptor, inTarget: Bool) async throws -> ParsedManifest? {
        if let bytes = spool.bytes(descriptor.digest) {
            return try ParsedManifest(bytes: bytes, contentType: descriptor.mediaType)
        }
        return inTarget ? try await target.manifest(descriptor) : nil
    }

    /// Whether every child is there with its declared size. A blob listed many times is looked
    /// up once; a wrong size on any copy is named once for the manifest.
    private func childrenReady(_ manifest: ParsedManifest) async throws -> Bool {
        var ready = true
        var sizes: [Digest: Int64?] = [:]
        var sizeNamed = false
        for child in manifest.children + (try manifest.extraManifests()) {
            if MediaType.isManifest(child.mediaType) {
                if try await !ensure(child, tag: nil) { ready = false }
                continue
            }
            let actual: Int64?
            if let known = sizes[child.digest] {
                actual = known
            } else {
                actual = try await blobSize(child)
                sizes[child.digest] = actual
                if actual == nil { countMissing(child.digest) }
            }
            guard let actual else { ready = false; continue }
            if actual != child.size {
                if !sizeNamed { outcome.invalid.append("\(manifest.digest): \(Self.sizeProblem(child, actual: actual))") }
                sizeNamed = true
                ready = false
            }
        }
        return ready
    }

    /// The bytes the blob has (from the stream or the spool; for one only the target holds, its
    /// declared size, which was not read here), or nil when it is nowhere.
    private func blobSize(_ descriptor: Descriptor) async throws -> Int64? {
        // Foreign layers never travel; their URLs point elsewhere.
        if MediaType.isNonDistributable(descriptor.mediaType) { return descriptor.size }
        if let carried = written[descriptor.digest] { return carried }
        if try await target.hasBlob(descriptor) { return descriptor.size }
        // A config (or other small blob) shaped like a manifest was spooled, not stored: store it now.
        guard let data = spool.bytes(descriptor.digest) else {
            guard !dryRun else { return nil }
            return try await lenders.mount(descriptor, into: target) ? descriptor.size : nil
        }
        let actual = Int64(data.count)
        if !dryRun, actual == descriptor.size {
            _ = try await target.putBlob(descriptor, mountFrom: nil) { _ in DataSource(data) }
        }
        return actual
    }

    /// Why bytes the stream carried as a blob cannot be pushed as the manifest a descriptor says.
    private func notAManifest(_ descriptor: Descriptor, size: Int64) async throws -> String {
        if size > ParsedManifest.byteLimit {
            return "\(size) bytes, more than the \(ParsedManifest.byteLimit >> 20) MiB registries take for a manifest"
        }
        if !dryRun, let bytes = try? await Self.readBack(descriptor, size: size, from: target) {
            do { _ = try ParsedManifest(bytes: bytes, contentType: descriptor.mediaType) } catch { return "\(error)" }
        }
        return "not a manifest (not JSON of a known manifest type)"
    }

    /// A small blob read back from the target, to say what is wrong with it.
    private static func readBack(_ descriptor: Descriptor, size: Int64, from target: any Deserializer.Target) async throws -> Data {
        var sized = descriptor
        sized.size = size
        let source = try target.openBlob(sized, offset: 0)
        defer { source.close() }
        return try await runOnThread {
            let sink = DataSink(limit: Int(ParsedManifest.byteLimit))
            try source.copy(into: sink)
            return sink.data
        }
    }

    static func sizeProblem(_ descriptor: Descriptor, actual: Int64) -> String {
        "\(descriptor.digest) is declared as \(descriptor.size) bytes, the stream carried \(actual)"
    }

    private func countMissing(_ digest: Digest) {
        if missingCounted.insert(digest).inserted { outcome.missing.append(digest.description) }
    }
}
