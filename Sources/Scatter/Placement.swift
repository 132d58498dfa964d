import Foundation
import Mapping
import OCI
import Store

/// Everything bound for one destination: one image, or the platform manifests of one source
/// (gathered with `--platforms`, each its own entry), which arrive as one index.
public struct Placement: Sendable {
    public var destination: MappedDestination
    /// Distinct manifests, in set order.
    public var images: [ScatterImage]

    /// The source as written (the first image's, when several sources share the manifest).
    public var source: String { images.first?.subject.source ?? "" }

    /// The tag written at the destination: the mapped tag, `latest` when neither tag nor digest
    /// was mapped, nil for a digest-only destination (pushed by digest).
    public var tag: String? {
        let reference = destination.reference
        return reference.tag ?? (reference.digest == nil ? "latest" : nil)
    }

    /// What the destination will hold: the single manifest, or an index over the platform
    /// manifests (the source's own index cut down to them, as `copy --platform` builds it).
    func root() async throws -> ParsedManifest {
        guard images.count > 1 else {
            guard let only = images.first else { throw StoreError.notFound("an image for \(destination)") }
            return try await only.load()
        }
        return try composedIndex()
    }

    /// The digest `root()` will have, known without reading any content (for plans).
    func plannedDigest() throws -> Digest? {
        guard images.count > 1 else { return images.first?.subject.digest }
        return try composedIndex().digest
    }

    /// The index over several platform manifests bound for one destination.
    private func composedIndex() throws -> ParsedManifest {
        let descriptors = images.map(\.subject.descriptor)
        if let text = images.first?.subject.descriptor.annotations?[AnnotationKey.sourceIndex],
           let original = try? ParsedManifest(bytes: Data(text.utf8)), case .index(var index) = original.body {
            let wanted = Set(descriptors.map(\.digest))
            index.manifests = index.manifests.filter { wanted.contains($0.digest) }
            return try ParsedManifest(bytes: index.goJSON(), contentType: original.mediaType)
        }
        let index = ImageIndex(schemaVersion: 2, mediaType: MediaType.ociIndex, artifactType: nil, manifests: descriptors.map {
            Descriptor(mediaType: $0.mediaType, digest: $0.digest, size: $0.size, platform: $0.platform)
        }, subject: nil, annotations: nil)
        return try ParsedManifest(bytes: index.goJSON(), contentType: MediaType.ociIndex)
    }

    /// A destination pinned to a digest must name the manifest that goes there.
    func checkPinnedDigest(_ root: Digest) throws {
        try DigestPinMismatch.check(destination.reference, receives: root, rule: destination.rule)
    }
}
