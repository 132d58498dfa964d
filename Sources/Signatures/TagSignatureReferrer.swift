import OCI
import Store
import Transfer

/// cosign's default signature (an image manifest at the `sha256-<hex>.sig` tag) restated as the
/// OCI 1.1 referrer it stands for: the same config and simple-signing layers, so the same blobs
/// and the same signatures, plus `subject` and cosign's signature artifact type.
///
/// A tag is not part of any image's graph, so it cannot travel through a gather result or a
/// stream; a referrer travels with its subject. The signatures sign the payload bytes, not the
/// manifest around them, so they verify the same in either form.
public enum TagSignatureReferrer {
    /// The referrer form of `subject`'s `.sig` tag in `content`; nil when there is no such tag
    /// or it holds no cosign signature layer.
    public static func referrer(of subject: Descriptor, in content: any ContentSource) async throws -> ParsedManifest? {
        guard let tagged = try await content.manifest(tagged: CosignPayload.signatureTag(for: subject.digest)),
              let image = tagged.image,
              !SignatureFinder.layers(of: tagged, origin: "").isEmpty else { return nil }
        let link = Descriptor(mediaType: subject.mediaType, digest: subject.digest, size: subject.size)
        let referrer = ImageManifest(mediaType: MediaType.ociManifest, artifactType: CosignPayload.referrerArtifactType,
                                     config: image.config, layers: image.layers, subject: link, annotations: image.annotations)
        return try ParsedManifest(bytes: referrer.goJSON(), contentType: MediaType.ociManifest)
    }

    /// Copies the referrer form of each subject's `.sig` tag found in `content` into the
    /// session's target, so the signatures travel with their subjects.
    public static func copy(of subjects: [Descriptor], from content: any ContentSource, into session: TransferSession) async throws {
        for subject in subjects {
            guard let referrer = try await referrer(of: subject, in: content) else { continue }
            _ = try await session.copy(referrer, from: content, tag: nil, referrers: false)
        }
    }
}
