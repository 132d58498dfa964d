import Foundation

/// Media type strings ferry reads and writes, and the one place that classifies them.
///
/// Every "is this a manifest?" question in ferry goes through here so the Accept header, the
/// parser and the walkers can never disagree about which types exist.
public enum MediaType {
    public static let ociManifest = "application/vnd.oci.image.manifest.v1+json"
    public static let ociIndex = "application/vnd.oci.image.index.v1+json"
    public static let ociConfig = "application/vnd.oci.image.config.v1+json"
    public static let ociLayer = "application/vnd.oci.image.layer.v1.tar"
    public static let ociLayerGzip = "application/vnd.oci.image.layer.v1.tar+gzip"
    public static let ociLayerZstd = "application/vnd.oci.image.layer.v1.tar+zstd"
    /// The `{}` blob artifacts use as config or layer when they have nothing to put there.
    public static let ociEmpty = "application/vnd.oci.empty.v1+json"

    public static let dockerManifest = "application/vnd.docker.distribution.manifest.v2+json"
    public static let dockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json"
    public static let dockerConfig = "application/vnd.docker.container.image.v1+json"
    public static let dockerLayerGzip = "application/vnd.docker.image.rootfs.diff.tar.gzip"
    /// Deprecated Docker schema 1; recognised only to reject it with a clear message.
    public static let dockerSchema1 = "application/vnd.docker.distribution.manifest.v1+json"
    public static let dockerSchema1Signed = "application/vnd.docker.distribution.manifest.v1+prettyjws"

    /// `artifactType` of the index a gather produces (ace-dt's value).
    public static let gatherArtifactType = "application/vnd.act3-ace.data.gather+json"

    /// Manifest types that list other manifests.
    public static let indexTypes: [String] = [ociIndex, dockerManifestList]
    /// Manifest types that describe one image (config + layers).
    public static let imageManifestTypes: [String] = [ociManifest, dockerManifest]
    /// Types to send in `Accept` when fetching a manifest: everything ferry can parse.
    public static let manifestAccept: [String] = imageManifestTypes + indexTypes

    /// True for an OCI index or Docker manifest list (parameters and case ignored).
    public static func isIndex(_ type: String) -> Bool {
        indexTypes.contains(essence(type))
    }

    /// True for an OCI image manifest or Docker schema 2 manifest (parameters and case ignored).
    public static func isImageManifest(_ type: String) -> Bool {
        imageManifestTypes.contains(essence(type))
    }

    /// True for any type in `manifestAccept`.
    /// Non-distributable ("foreign") layers stay where their URLs point: registries and tools
    /// (skopeo, ace-dt) do not copy them, so no ferry stage does either.
    public static func isNonDistributable(_ type: String) -> Bool {
        type.contains("nondistributable") || type.contains("foreign")
    }

    public static func isManifest(_ type: String) -> Bool {
        manifestAccept.contains(essence(type))
    }

    /// True for either Docker schema 1 type, which ferry refuses.
    public static func isSchema1(_ type: String) -> Bool {
        let type = essence(type)
        return type == dockerSchema1 || type == dockerSchema1Signed
    }

    /// The type without parameters, trimmed and lowercased: `Content-Type` headers may carry
    /// `; charset=utf-8`, and media types compare case-insensitively (RFC 6838).
    public static func essence(_ type: String) -> String {
        let bare = type.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return bare.trimmingCharacters(in: .whitespaces).lowercased()
    }
}
