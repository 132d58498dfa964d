import Foundation

/// The "simple signing" payload cosign signs: which image (manifest digest) in which repository.
///
/// cosign stores it as a layer blob of a signature manifest; the signature itself (base64,
/// ASN.1 DER ECDSA over the SHA-256 of these exact bytes) sits in that layer's annotation. Only
/// `critical` is read: `optional` is unsigned-meaning metadata cosign's own check ignores.
public struct CosignPayload: Sendable, Equatable {
    /// Layer media type of a simple-signing payload.
    public static let mediaType = "application/vnd.dev.cosign.simplesigning.v1+json"
    /// Layer annotation holding the base64 signature of the payload.
    public static let signatureAnnotation = "dev.cosignproject.cosign/signature"
    /// `artifactType` of a signature stored as a referrer (`--registry-referrers-mode=oci-1-1`).
    public static let referrerArtifactType = "application/vnd.dev.cosign.artifact.sig.v1+json"
    /// `critical.type` of an image signature.
    public static let signatureType = "cosign container image signature"
    /// Payloads are a few hundred bytes; anything larger is not one and is not read.
    public static let maxBytes: Int64 = 64 * 1024

    /// `critical.identity.docker-reference`: the repository the signer named.
    public var dockerReference: String
    /// `critical.image.docker-manifest-digest`: the manifest (or index) that was signed.
    public var manifestDigest: Digest

    /// The tag cosign writes signatures to in the image's repository: `sha256-<hex>.sig`.
    public static func signatureTag(for digest: Digest) -> String {
        "\(digest.algorithm.rawValue)-\(digest.encoded).sig"
    }

    /// Parses payload bytes; the message says what is missing (cosign's keys are case-sensitive).
    public init(bytes: Data) throws {
        struct Document: Decodable {
            struct Critical: Decodable {
                struct Identity: Decodable { var dockerReference: String
                    enum CodingKeys: String, CodingKey { case dockerReference = "docker-reference" } }
                struct Image: Decodable { var manifestDigest: String
                    enum CodingKeys: String, CodingKey { case manifestDigest = "docker-manifest-digest" } }
                var identity: Identity
                var image: Image
                var type: String
            }
            var critical: Critical
        }
        let document: Document
        do {
            document = try JSONDecoder().decode(Document.self, from: bytes)
        } catch {
            throw CosignPayloadError(reason: "not a simple-signing payload (critical.identity, critical.image, critical.type)")
        }
        guard document.critical.type == Self.signatureType else {
            throw CosignPayloadError(reason: "critical.type is \(GoJSON.quote(document.critical.type)), not \(GoJSON.quote(Self.signatureType))")
        }
        guard let digest = try? Digest(document.critical.image.manifestDigest) else {
            throw CosignPayloadError(reason: "docker-manifest-digest \(GoJSON.quote(document.critical.image.manifestDigest)) is not a digest")
        }
        dockerReference = document.critical.identity.dockerReference
        manifestDigest = digest
    }
}

/// Payload bytes that are not a cosign image signature payload.
public struct CosignPayloadError: Error, Sendable, Equatable, CustomStringConvertible {
    public var reason: String
    public var description: String { "signature payload: \(reason)" }
}
