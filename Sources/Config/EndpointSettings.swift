/// How ferry discovers referrers (signatures, SBOMs) at an endpoint.
public enum ReferrersSupport: String, Sendable, CaseIterable {
    /// Only the tag schema (`sha256-<hex>` tags): for registries without the referrers API.
    case tag
    /// Only the OCI 1.1 referrers API.
    case api
    /// Try the API, fall back to the tag schema.
    case auto
}

/// Settings for one endpoint URL (`registryConfig.endpointConfig.URL`).
public struct EndpointSettings: Sendable, Equatable {
    public var supportsReferrers: ReferrersSupport
    /// TLS overrides; nil means verify with the system roots and any certs.d files.
    public var tls: TLSSettings?

    public init(supportsReferrers: ReferrersSupport = .auto, tls: TLSSettings? = nil) {
        self.supportsReferrers = supportsReferrers
        self.tls = tls
    }

    /// The canonical key for an endpoint URL: scheme and host lowercased, trailing "/" removed,
    /// so `HTTPS://Reg.io/` and `https://reg.io` name the same endpoint.
    static func normalizedKey(_ url: String) -> String {
        var text = Substring(url)
        while text.hasSuffix("/") { text = text.dropLast() }
        guard let schemeEnd = text.range(of: "://") else { return String(text) }
        let authorityEnd = text[schemeEnd.upperBound...].firstIndex(of: "/") ?? text.endIndex
        return text[..<authorityEnd].lowercased() + text[authorityEnd...]
    }

    /// `scheme://host[:port]` of a URL, with the default port for the scheme dropped.
    static func origin(ofKey key: String) -> String? {
        guard let schemeEnd = key.range(of: "://") else { return nil }
        let scheme = key[..<schemeEnd.lowerBound]
        var authority = key[schemeEnd.upperBound...].prefix { $0 != "/" }
        if (scheme == "https" && authority.hasSuffix(":443")) || (scheme == "http" && authority.hasSuffix(":80")) {
            authority = authority[..<(authority.lastIndex(of: ":") ?? authority.endIndex)]
        }
        return "\(scheme)://\(authority)"
    }
}

/// TLS settings for an endpoint. ace-dt knows only `insecureSkipVerify`; the file paths are
/// ferry's addition for hosts whose certificates do not live in a certs.d directory.
public struct TLSSettings: Sendable, Equatable {
    /// Skip server certificate verification (allows man-in-the-middle attacks: use sparingly).
    public var insecureSkipVerify: Bool
    /// Extra trusted CA bundle (PEM), "~" expanded.
    public var caFile: String?
    /// Client certificate (PEM) for mutual TLS, "~" expanded; needs `keyFile`.
    public var certFile: String?
    /// Client private key (PEM), "~" expanded; needs `certFile`.
    public var keyFile: String?

    public init(insecureSkipVerify: Bool = false, caFile: String? = nil, certFile: String? = nil, keyFile: String? = nil) {
        self.insecureSkipVerify = insecureSkipVerify
        self.caFile = caFile
        self.certFile = certFile
        self.keyFile = keyFile
    }
}
