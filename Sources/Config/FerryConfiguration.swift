import Foundation

/// Parsed ferry/ace-dt configuration (apiVersion config.dt.act3-ace.io/v1alpha1, kind Configuration).
///
/// The same file works for ace-dt and ferry, so users moving between the two keep one config.
/// `init()` gives the defaults; `load(paths:)` layers files on top of them.
public struct FerryConfiguration: Sendable, Equatable {
    public static let apiVersion = "config.dt.act3-ace.io/v1alpha1"
    public static let kind = "Configuration"
    /// 100 MiB, the chunk size ace-dt's sample config names.
    public static let defaultChunkSize: Int64 = 100 * 1024 * 1024
    /// 500 MiB, ace-dt's default `cachePruneMax`.
    public static let defaultCachePruneMax: Int64 = 500 * 1024 * 1024

    /// Local OCI-layout store for archive/unarchive; "~" expanded. Nil: the caller's default.
    public var cachePath: String?
    /// The size `ferry cache prune` brings the cache down to, in bytes (`cachePruneMax`).
    public var cachePruneMax: Int64
    /// Upload chunk size in bytes; 0 uploads each blob in one request (monolithic).
    public var chunkSize: Int64
    /// Blob transfers, so HTTP requests, in flight at once (ace-dt's `concurrentHTTP`): the
    /// default of `--concurrency`. Nil when nothing sets it.
    public var concurrentHTTP: Int?
    /// Credentials file named by the config; "~" expanded. Nil: the docker/podman defaults.
    public var registryAuthFile: String?
    /// Per-registry settings keyed by lowercase `host[:port]`.
    public var registries: [String: RegistrySettings]
    /// Per-endpoint settings keyed by endpoint URL with scheme, trailing "/" stripped.
    public var endpoints: [String: EndpointSettings]

    /// The defaults: nothing configured, 100 MiB chunks.
    public init() {
        cachePath = nil
        cachePruneMax = Self.defaultCachePruneMax
        chunkSize = Self.defaultChunkSize
        concurrentHTTP = nil
        registryAuthFile = nil
        registries = [:]
        endpoints = [:]
    }

    /// Reads `paths` in order on top of the defaults. A later file overrides an earlier one key
    /// by key (a registry or endpoint entry is replaced whole, as ace-dt does).
    ///
    /// Throws `ConfigError` naming the file (and line where the YAML parser knows it) for a
    /// missing or unreadable file, malformed YAML, a wrong apiVersion/kind, or a bad value.
    public static func load(paths: [String]) throws -> FerryConfiguration {
        var configuration = FerryConfiguration()
        for path in paths {
            let text = try TextFile.read(path)
            try ConfigurationDecoder(source: path, home: PathExpansion.home())
                .apply(yaml: text, to: &configuration)
        }
        return configuration
    }

    /// Parses one YAML document on top of the defaults; `source` names it in error messages.
    public static func parse(yaml: String, source: String) throws -> FerryConfiguration {
        var configuration = FerryConfiguration()
        try ConfigurationDecoder(source: source, home: PathExpansion.home()).apply(yaml: yaml, to: &configuration)
        return configuration
    }

    /// Settings for a registry host (`host[:port]`, case-insensitive). Docker Hub's names
    /// (docker.io, index.docker.io, registry-1.docker.io) all find an entry written under any of them.
    public func registrySettings(forHost host: String) -> RegistrySettings? {
        for name in RegistryHostNames.aliases(of: host) {
            if let settings = registries[name] { return settings }
            // Entries set from code rather than YAML may not be lowercased.
            if let match = registries.first(where: { $0.key.lowercased() == name }) { return match.value }
        }
        return nil
    }

    /// Settings for an endpoint URL. An exact entry wins; otherwise an entry for the URL's
    /// origin (`scheme://host[:port]`, default port ignored) applies, so a request URL with a
    /// path such as `https://reg.io/v2/` still finds `https://reg.io`.
    public func endpointSettings(forURL url: String) -> EndpointSettings? {
        let key = EndpointSettings.normalizedKey(url)
        if let settings = endpoints[key] { return settings }
        guard let origin = EndpointSettings.origin(ofKey: key) else { return nil }
        if let settings = endpoints[origin] { return settings }
        let candidates = endpoints.keys.sorted().filter {
            EndpointSettings.origin(ofKey: EndpointSettings.normalizedKey($0)) == origin
        }
        return candidates.first.flatMap { endpoints[$0] }
    }
}
