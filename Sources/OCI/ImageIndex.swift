/// An OCI image index or Docker manifest list: a list of manifests, usually one per platform.
///
/// ferry's gather result is also an index (artifactType `MediaType.gatherArtifactType`).
public struct ImageIndex: Sendable, Hashable, Codable {
    public var schemaVersion: Int
    public var mediaType: String?
    public var artifactType: String?
    public var manifests: [Descriptor]
    public var subject: Descriptor?
    public var annotations: [String: String]?

    public init(
        schemaVersion: Int = 2,
        mediaType: String? = MediaType.ociIndex,
        artifactType: String? = nil,
        manifests: [Descriptor],
        subject: Descriptor? = nil,
        annotations: [String: String]? = nil
    ) {
        self.manifests = manifests
        self.schemaVersion = schemaVersion
        self.mediaType = mediaType
        self.artifactType = artifactType
        self.subject = subject
        self.annotations = annotations
    }

    /// A null `manifests` reads as empty, as Go would decode it; a missing one is an error,
    /// since that is how an index is told apart from an image manifest.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        schemaVersion = try c.decode(Int.self, forKey: .schemaVersion)
        mediaType = try c.decodeIfPresent(String.self, forKey: .mediaType)
        artifactType = try c.decodeIfPresent(String.self, forKey: .artifactType)
        guard c.contains(.manifests) else {
            throw DecodingError.keyNotFound(
                CodingKeys.manifests,
                .init(codingPath: c.codingPath, debugDescription: "an index needs a \"manifests\" array"))
        }
        manifests = try c.decodeIfPresent([Descriptor].self, forKey: .manifests) ?? []
        subject = try c.decodeIfPresent(Descriptor.self, forKey: .subject)
        annotations = try c.decodeIfPresent([String: String].self, forKey: .annotations)
    }

    private enum CodingKeys: String, CodingKey {
        case schemaVersion, mediaType, artifactType, manifests, subject, annotations
    }
}
