import Foundation
import OCI
import Store

/// One cosign signature as stored: the payload layer's descriptor and its base64 signature.
struct StoredSignature: Sendable {
    /// Where it was found (`tag sha256-….sig` or `referrer sha256:…`), for messages.
    var origin: String
    var payload: Descriptor
    var signature: String
}

/// Finds an image's cosign signatures in both places cosign writes them: the `sha256-<hex>.sig`
/// tag of its repository (cosign's default) and the referrers of its digest (OCI 1.1 API or the
/// `sha256-<hex>` fallback index, `--registry-referrers-mode=oci-1-1`).
struct SignatureFinder: Sendable {
    /// More signature manifests than this for one image are not read: a bound on what a
    /// registry's answers can make ferry fetch.
    static let maxManifests = 32
    /// Signatures (payload layers) judged per image at most, for the same reason.
    static let maxSignatures = 64

    func signatures(of digest: Digest, in content: any ContentSource) async throws -> [StoredSignature] {
        var found: [StoredSignature] = []
        let tag = CosignPayload.signatureTag(for: digest)
        if let tagged = try await content.manifest(tagged: tag) {
            found += Self.layers(of: tagged, origin: "tag \(tag)")
        }
        let referrers = try await content.referrers(digest).filter { descriptor in
            MediaType.isManifest(descriptor.mediaType)
                && (descriptor.artifactType == nil || descriptor.artifactType == CosignPayload.referrerArtifactType)
        }
        for descriptor in referrers.prefix(Self.maxManifests) {
            let manifest = try await content.manifest(descriptor)
            guard manifest.subject.map({ $0.digest == digest }) ?? false,
                  manifest.artifactType == CosignPayload.referrerArtifactType
                    || manifest.image?.config.mediaType == CosignPayload.referrerArtifactType else { continue }
            found += Self.layers(of: manifest, origin: "referrer \(manifest.digest)")
        }
        return Array(found.prefix(Self.maxSignatures))
    }

    /// The simple-signing layers of a signature manifest that carry a signature annotation.
    static func layers(of manifest: ParsedManifest, origin: String) -> [StoredSignature] {
        guard let image = manifest.image else { return [] }
        return image.layers.compactMap { layer in
            guard MediaType.essence(layer.mediaType) == CosignPayload.mediaType,
                  let signature = layer.annotations?[CosignPayload.signatureAnnotation] else { return nil }
            return StoredSignature(origin: origin, payload: layer, signature: signature)
        }
    }
}
