import Foundation
import OCI

/// Signs images as `cosign sign --key` does, with the `openssl` CLI for the key pair and the
/// ECDSA signature (an independent producer: ferry's own code signs nothing), and pushes the
/// signature manifests with plain distribution API calls.
///
/// Two stores, as cosign writes them: the `sha256-<hex>.sig` tag (cosign's default) and a
/// referrer with `subject` (`--registry-referrers-mode=oci-1-1`), which on a registry without
/// the referrers API is also listed in the `sha256-<hex>` fallback index, as go-containerregistry
/// maintains it.
public struct CosignSigner: Sendable {
    public let privateKey: URL
    /// `cosign.pub`: PEM, `-----BEGIN PUBLIC KEY-----`.
    public let publicKey: URL

    /// A fresh ECDSA P-256 key pair (`openssl ecparam -genkey -name prime256v1`, `openssl pkey -pubout`).
    public init() throws {
        let directory = try TestTools.makeTempDirectory("ferry-cosign")
        privateKey = directory.appendingPathComponent("cosign.key")
        publicKey = directory.appendingPathComponent("cosign.pub")
        try TestTools.runChecked("openssl", ["ecparam", "-genkey", "-name", "prime256v1", "-noout", "-out", privateKey.path])
        try TestTools.runChecked("openssl", ["pkey", "-in", privateKey.path, "-pubout", "-out", publicKey.path])
    }

    /// cosign's simple-signing payload for `digest` in `repository` (`host/name`, no tag).
    public static func payload(repository: String, digest: Digest) -> Data {
        Data(#"{"critical":{"identity":{"docker-reference":"\#(repository)"},"image":{"docker-manifest-digest":"\#(digest)"},"type":"cosign container image signature"},"optional":null}"#.utf8)
    }

    /// Base64 of the ASN.1 DER ECDSA signature over SHA-256(`payload`) (`openssl dgst -sha256 -sign`).
    public func sign(_ payload: Data) throws -> String {
        let result = try TestTools.runChecked("openssl", ["dgst", "-sha256", "-sign", privateKey.path], stdin: payload)
        return result.stdoutData.base64EncodedString()
    }

    public enum Store: Sendable { case tag, referrer }

    /// Signs `subject` (as stored in `repository` of `server`) and pushes the signature.
    /// `payload` and `signature` override what is signed and the annotation, for broken cases;
    /// without `fallbackIndex` a referrer is found only through the referrers API.
    @discardableResult
    public func push(to server: RegistryServer, repository: String, subject: Descriptor, store: Store,
                     payload: Data? = nil, signature: String? = nil, fallbackIndex: Bool = true) throws -> Digest {
        let payload = payload ?? Self.payload(repository: "\(server.host)/\(repository)", digest: subject.digest)
        let signature = try signature ?? sign(payload)
        let payloadDigest = try server.uploadBlob(payload, repository: repository)
        let referrer = store == .referrer
        let artifactType = "application/vnd.dev.cosign.artifact.sig.v1+json"
        let config = Data(#"{"architecture":"","created":"0001-01-01T00:00:00Z","history":[{"created":"0001-01-01T00:00:00Z"}],"os":"","rootfs":{"type":"layers","diff_ids":["\#(payloadDigest)"]},"config":{}}"#.utf8)
        let configDigest = try server.uploadBlob(config, repository: repository)
        let configType = referrer ? artifactType : MediaType.ociConfig
        var manifest = #"{"schemaVersion":2,"mediaType":"\#(MediaType.ociManifest)","#
        if referrer { manifest += #""artifactType":"\#(artifactType)","# }
        manifest += #""config":{"mediaType":"\#(configType)","size":\#(config.count),"digest":"\#(configDigest)"},"#
        manifest += #""layers":[{"mediaType":"application/vnd.dev.cosign.simplesigning.v1+json","size":\#(payload.count),"digest":"\#(payloadDigest)","annotations":{"dev.cosignproject.cosign/signature":"\#(signature)"}}]"#
        if referrer {
            manifest += #","subject":{"mediaType":"\#(subject.mediaType)","size":\#(subject.size),"digest":"\#(subject.digest)"}"#
        }
        manifest += "}"
        let bytes = Data(manifest.utf8)
        let hex = "\(subject.digest.algorithm.rawValue)-\(subject.digest.encoded)"
        guard referrer else {
            return try server.putManifest(bytes, mediaType: MediaType.ociManifest, repository: repository, reference: "\(hex).sig")
        }
        let digest = try server.putManifest(bytes, mediaType: MediaType.ociManifest, repository: repository, reference: Digest.sha256(of: bytes).description)
        guard fallbackIndex else { return digest }
        let index = #"{"schemaVersion":2,"mediaType":"\#(MediaType.ociIndex)","manifests":[{"mediaType":"\#(MediaType.ociManifest)","size":\#(bytes.count),"digest":"\#(digest)","artifactType":"\#(artifactType)"}]}"#
        try server.putManifest(Data(index.utf8), mediaType: MediaType.ociIndex, repository: repository, reference: hex)
        return digest
    }
}
