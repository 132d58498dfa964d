import Foundation
import OCI

/// One fixture layer: a tar holding a single file of `size` pseudo-random bytes derived from
/// `seed`. The same spec always gives the same blob, so two images share a layer exactly when
/// they use the same spec.
public struct LayerSpec: Sendable, Hashable {
    /// Bytes of file content in the tar (the blob is a little larger: tar headers, gzip framing).
    public var size: Int
    public var seed: UInt64
    /// gzip the tar (`…tar+gzip` media types) or keep it plain (`…tar`).
    public var compressed: Bool

    public init(size: Int, seed: UInt64, compressed: Bool = true) {
        self.size = size
        self.seed = seed
        self.compressed = compressed
    }
}

/// An artifact manifest in the shape signatures and SBOMs take: `artifactType`, the empty config
/// (`application/vnd.oci.empty.v1+json`, bytes `{}`), one payload layer and a `subject`.
public struct ArtifactSpec: Sendable {
    /// `artifactType` of the example signature artifacts tests use.
    public static let signatureType = "application/vnd.example.signature"

    /// The manifest this artifact refers to (`subject`).
    public var subject: Descriptor
    public var artifactType: String
    public var payload: Data
    public var payloadMediaType: String
    /// Manifest annotations (they are copied into referrers-index descriptors).
    public var annotations: [String: String]

    public init(
        subject: Descriptor,
        artifactType: String = ArtifactSpec.signatureType,
        payload: Data = Data("ferry fixture signature".utf8),
        payloadMediaType: String = "application/vnd.example.signature.payload",
        annotations: [String: String] = [:]
    ) {
        self.subject = subject
        self.artifactType = artifactType
        self.payload = payload
        self.payloadMediaType = payloadMediaType
        self.annotations = annotations
    }
}

/// What to build: a single-platform image, an index of images, or an artifact.
/// Everything built from a spec is deterministic: the same spec gives the same digests.
public struct ImageSpec: Sendable {
    /// OCI media types or Docker schema 2 ones.
    public enum Format: Sendable, Equatable {
        case oci
        case docker
    }

    indirect enum Kind: Sendable {
        case image(Format, layers: [LayerSpec], platform: Platform, label: String, annotations: [String: String])
        case index(Format, manifests: [ImageSpec], annotations: [String: String])
        case artifact(ArtifactSpec)
    }

    let kind: Kind

    /// The default platform of single images.
    public static let linuxAMD64 = Platform(os: "linux", architecture: "amd64")
    public static let linuxARM64v8 = Platform(os: "linux", architecture: "arm64", variant: "v8")

    /// An OCI image manifest with a config and the given layers. `label` lands in the config's
    /// `Labels` so otherwise identical images can be told apart.
    public static func oci(
        layers: [LayerSpec],
        platform: Platform = linuxAMD64,
        label: String = "",
        annotations: [String: String] = [:]
    ) -> ImageSpec {
        ImageSpec(kind: .image(.oci, layers: layers, platform: platform, label: label, annotations: annotations))
    }

    /// A Docker schema 2 image manifest (Docker media types, docker-CLI-style 3-space indented
    /// JSON, so only a client that keeps the exact bytes preserves its digest).
    public static func docker(layers: [LayerSpec], platform: Platform = linuxAMD64, label: String = "") -> ImageSpec {
        ImageSpec(kind: .image(.docker, layers: layers, platform: platform, label: label, annotations: [:]))
    }

    /// An OCI image index over OCI images; each entry carries its image's platform.
    public static func ociIndex(_ manifests: [ImageSpec], annotations: [String: String] = [:]) -> ImageSpec {
        ImageSpec(kind: .index(.oci, manifests: manifests, annotations: annotations))
    }

    /// A Docker manifest list over Docker images.
    public static func dockerManifestList(_ manifests: [ImageSpec]) -> ImageSpec {
        ImageSpec(kind: .index(.docker, manifests: manifests, annotations: [:]))
    }

    /// A two-platform index (linux/amd64, linux/arm64/v8) in either format. Each platform has
    /// one layer of its own (seeds `seed`, `seed + 1`) and one layer both share (seed
    /// `seed + 100`), so tests can check that a shared blob moves once.
    public static func multiArch(_ format: Format = .oci, seed: UInt64 = 1, layerSize: Int = 4096) -> ImageSpec {
        let shared = LayerSpec(size: layerSize, seed: seed + 100)
        func image(_ platform: Platform, _ own: UInt64) -> ImageSpec {
            let layers = [shared, LayerSpec(size: layerSize, seed: own)]
            return format == .oci
                ? .oci(layers: layers, platform: platform, label: "multi-arch-\(seed)")
                : .docker(layers: layers, platform: platform, label: "multi-arch-\(seed)")
        }
        let children = [image(linuxAMD64, seed), image(linuxARM64v8, seed + 1)]
        return format == .oci ? .ociIndex(children) : .dockerManifestList(children)
    }

    /// A single-layer OCI image whose layer is `size` bytes of uncompressed tar content, for
    /// streaming and resume tests (uncompressed so generating it costs no gzip time and blob
    /// offsets map directly onto content offsets, after the 512-byte tar header).
    public static func large(size: Int = 64 << 20, seed: UInt64 = 0x6c61_7267_65) -> ImageSpec {
        .oci(layers: [LayerSpec(size: size, seed: seed, compressed: false)], label: "large-\(size)")
    }

    /// An artifact referring to another manifest (see `ArtifactSpec`).
    public static func artifact(_ spec: ArtifactSpec) -> ImageSpec {
        ImageSpec(kind: .artifact(spec))
    }

    /// A signature-like artifact with `subject` pointing at `image`.
    public static func signature(
        of subject: Descriptor,
        payload: String = "ferry fixture signature",
        annotations: [String: String] = [:]
    ) -> ImageSpec {
        .artifact(ArtifactSpec(subject: subject, payload: Data(payload.utf8), annotations: annotations))
    }
}
