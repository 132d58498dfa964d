/// An OCI image manifest or Docker schema 2 manifest: one config blob plus ordered layers.
///
/// Artifacts (SBOMs, signatures, Helm charts) are image manifests too, told apart by
/// `artifactType` or the config media type.
public struct ImageManifest: Sendable, Hashable, Codable {
    public var schemaVersion: Int
    public var mediaType: String?
    public var artifactType: String?
    public var config: Descriptor
    public var layers: [Descriptor]
    /// The manifest this one refers to (OCI 1.1 referrers), e.g. the image a signature signs.
    public var subject: Descriptor?
    public var annotations: [String: String]?

    public init(
        schemaVersion: Int = 2,
        mediaType: String? = MediaType.ociManifest,
        artifactType: String? = nil,
        config: Descriptor,
        layers: [Descriptor],
        subject: Descriptor? = nil,
        annotations: [String: String]? = nil
    ) {
        self.schemaVersion = schemaVersion
        self.mediaType = mediaType
        self.artifactType = artifactType
        self.config = config
        self.layers = layers
        self.subject = subject
        self.annotations = annotations
    }

    /// A missing or null `layers` reads as empty, as Go would decode it.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        schemaVersion = try c.decode(Int.self, forKey: .schemaVersion)
        mediaType = try c.decodeIfPresent(String.self, forKey: .mediaType)
        artifactType = try c.decodeIfPresent(String.self, forKey: .artifactType)
        config = try c.decode(Descriptor.self, forKey: .config)
        layers = try c.decodeIfPresent([Descriptor].self, forKey: .layers) ?? []
        subject = try c.decodeIfPresent(Descriptor.self, forKey: .subject)
        annotations = try c.decodeIfPresent([String: String].self, forKey: .annotations)
    }

    private enum CodingKeys: String, CodingKey {
        case schemaVersion, mediaType, artifactType, config, layers, subject, annotations
    }
}
