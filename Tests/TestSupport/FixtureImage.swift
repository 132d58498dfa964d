import Foundation
import OCI

/// A built fixture: manifest bytes plus descriptors of everything it references, with the blobs
/// on local disk. The expected values tests compare a registry's or ferry's output against.
public struct FixtureImage: Sendable {
    public let mediaType: String
    /// The exact manifest bytes that get pushed.
    public let manifest: Data
    public let digest: Digest
    /// Indexes: nil. Images and artifacts: the config blob.
    public let config: Descriptor?
    /// Indexes: empty. Images: layers in order. Artifacts: the payload.
    public let layers: [Descriptor]
    /// Indexes: the manifests they list, in order. Others: empty.
    public let children: [FixtureImage]
    /// Images: their platform (also written into index entries).
    public let platform: Platform?
    /// Artifacts: their `artifactType`.
    public let artifactType: String?
    /// Artifacts: the manifest they refer to.
    public let subject: Descriptor?
    /// Manifest-level annotations.
    public let annotations: [String: String]?

    public var size: Int { manifest.count }

    /// How an index or `subject` field points at this manifest.
    public var descriptor: Descriptor {
        Descriptor(
            mediaType: mediaType, digest: digest, size: Int64(manifest.count),
            platform: platform, artifactType: artifactType)
    }

    /// Config and layer blobs of this manifest and all its children, deduplicated, in first-seen
    /// order (what a full copy has to transfer besides manifests).
    public var blobs: [Descriptor] {
        var seen = Set<Digest>()
        var result: [Descriptor] = []
        for manifest in allManifests {
            for blob in [manifest.config].compactMap({ $0 }) + manifest.layers where seen.insert(blob.digest).inserted {
                result.append(blob)
            }
        }
        return result
    }

    /// This manifest and every manifest below it, parents first.
    public var allManifests: [FixtureImage] {
        [self] + children.flatMap(\.allManifests)
    }

    /// The local file holding blob `digest` (a layer or config of this fixture), or nil if the
    /// digest is not one of this fixture's blobs.
    public func blobFile(_ digest: Digest) -> URL? {
        guard blobs.contains(where: { $0.digest == digest }), let store = try? FixtureBlobStore.shared() else { return nil }
        return store.url(for: digest)
    }

    /// The bytes of blob `digest` (mind the size for large fixtures).
    public func blobData(_ digest: Digest) throws -> Data {
        guard let file = blobFile(digest) else {
            throw TestSupportError.invalidInput("\(digest) is not a blob of fixture \(self.digest)")
        }
        return try Data(contentsOf: file)
    }

    /// Writes (or adds to) an OCI image layout at `directory`, naming this manifest `tag` via
    /// `org.opencontainers.image.ref.name`. An existing entry with the same name is replaced.
    /// Blobs are hard-linked from the fixture store where possible.
    public func writeOCILayout(to directory: URL, tag: String) throws {
        try FixtureLayout.writeOCILayout(self, to: directory, tag: tag)
    }

    /// True if every manifest in this fixture has an OCI media type (skopeo's `oci:` transport
    /// only reads those; Docker-typed fixtures travel through its `dir:` transport instead).
    var isAllOCI: Bool {
        allManifests.allSatisfy { $0.mediaType == MediaType.ociManifest || $0.mediaType == MediaType.ociIndex }
    }
}

/// A fixture as pushed to a registry.
public struct PushedImage: Sendable {
    public let image: FixtureImage
    /// `127.0.0.1:PORT` of the registry it went to.
    public let registryHost: String
    public let repository: String
    /// The tag it was pushed under, nil if pushed by digest only.
    public let tag: String?
    /// Artifacts with a subject: the tag-schema fallback tag (`sha256-<hex>`) updated with it.
    public let referrersTag: String?

    public var digest: Digest { image.digest }
    public var mediaType: String { image.mediaType }
    public var manifest: Data { image.manifest }
    public var size: Int { image.size }
    public var config: Descriptor? { image.config }
    public var layers: [Descriptor] { image.layers }
    public var children: [FixtureImage] { image.children }
    public var blobs: [Descriptor] { image.blobs }
    public var descriptor: Descriptor { image.descriptor }

    /// `HOST/REPO@sha256:…`.
    public var reference: String { "\(registryHost)/\(repository)@\(digest)" }

    /// `HOST/REPO:TAG`, or the digest reference when pushed without a tag.
    public var taggedReference: String {
        tag.map { "\(registryHost)/\(repository):\($0)" } ?? reference
    }
}
