import OCI

/// The fields of an image config that name its platform; everything else in it is ignored.
struct ConfigPlatform: Decodable {
    var os: String?
    var architecture: String?
    var variant: String?

    /// The platform, when the config names both os and architecture (artifact configs do not).
    var platform: Platform? {
        guard let os, let architecture, !os.isEmpty, !architecture.isEmpty else { return nil }
        return Platform(os: os, architecture: architecture, variant: variant.flatMap { $0.isEmpty ? nil : $0 })
    }
}
