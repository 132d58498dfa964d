/// A typed, sized, content-addressed pointer to a blob or manifest (OCI descriptor).
///
/// Everything ferry moves is named by one of these; the digest and size are what get verified
/// when the bytes arrive.
public struct Descriptor: Sendable, Hashable, Codable {
    public var mediaType: String
    public var digest: Digest
    public var size: Int64
    /// Alternative download locations (foreign layers); ferry keeps them but never follows them.
    public var urls: [String]?
    public var annotations: [String: String]?
    /// Embedded content, base64 (standard alphabet, padded), for small blobs.
    public var data: String?
    /// Set on index entries so a platform filter can pick a manifest without fetching it.
    public var platform: Platform?
    public var artifactType: String?

    public init(
        mediaType: String,
        digest: Digest,
        size: Int64,
        annotations: [String: String]? = nil,
        platform: Platform? = nil,
        artifactType: String? = nil
    ) {
        self.mediaType = mediaType
        self.digest = digest
        self.size = size
        self.annotations = annotations
        self.platform = platform
        self.artifactType = artifactType
    }

    /// Decodes like Go's encoding/json would: a missing `mediaType` reads as empty rather than
    /// failing, because old tools omitted it (image-spec before v1.1 made it optional).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        mediaType = try c.decodeIfPresent(String.self, forKey: .mediaType) ?? ""
        digest = try c.decode(Digest.self, forKey: .digest)
        size = try c.decode(Int64.self, forKey: .size)
        // Sizes are summed and compared downstream; a negative one is hostile or broken.
        guard size >= 0 else {
            throw DecodingError.dataCorruptedError(forKey: .size, in: c, debugDescription: "negative size \(size)")
        }
        urls = try c.decodeIfPresent([String].self, forKey: .urls)
        annotations = try c.decodeIfPresent([String: String].self, forKey: .annotations)
        data = try c.decodeIfPresent(String.self, forKey: .data)
        platform = try c.decodeIfPresent(Platform.self, forKey: .platform)
        artifactType = try c.decodeIfPresent(String.self, forKey: .artifactType)
    }

    private enum CodingKeys: String, CodingKey {
        case mediaType, digest, size, urls, annotations, data, platform, artifactType
    }
}
