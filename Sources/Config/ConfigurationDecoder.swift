import Patterns
import Yams

/// Applies one YAML configuration document onto a `FerryConfiguration`.
///
/// Merging follows ace-dt, which decodes each file into the same Go struct: a top-level key that
/// a file sets replaces the earlier value, and an entry of `registries` or `endpointConfig`
/// replaces the earlier entry for the same host or URL as a whole. Keys ferry does not know are
/// errors (a typo such as `chunksize` would otherwise be silently ignored), except ace-dt's own
/// keys that have no meaning for ferry, which are accepted and ignored.
struct ConfigurationDecoder {
    let reader: YAMLReader
    /// Home directory for "~" expansion.
    let home: String?

    /// ace-dt configuration keys (bottles, telemetry, signing) that ferry accepts and ignores.
    static let ignoredAceDTKeys: Set<String> = [
        "compressionLevel", "editor", "hideProgress", "telemetry", "telemetryUserName", "keys",
    ]

    init(source: String, home: String?) {
        self.reader = YAMLReader(source: source)
        self.home = home
    }

    /// A size value (`100Mi`, `1.5GB`), nil when the key is null.
    private func size(_ value: Node, _ key: String) throws -> Int64? {
        guard let text = try reader.string(value, key) else { return nil }
        do {
            return try ByteSize.parse(text)
        } catch let error as ConfigError {
            throw reader.invalid(value, key, Self.reason(error))
        }
    }

    func apply(yaml: String, to configuration: inout FerryConfiguration) throws {
        guard let root = try reader.compose(yaml), !reader.isNull(root) else {
            throw ConfigError.malformedFile(
                path: reader.source, line: nil, reason: "empty; expected apiVersion: \(FerryConfiguration.apiVersion)")
        }
        guard case let .mapping(mapping) = root else {
            throw reader.invalid(root, "(top level)", "expected a mapping with apiVersion and kind")
        }
        try checkType(mapping, root: root)

        var result = configuration
        for (keyNode, value) in mapping {
            let key = try reader.key(keyNode, in: "(top level)")
            switch key {
            case "apiVersion", "kind":
                break
            case "cachePath":
                if let path = try reader.string(value, key), !path.isEmpty { result.cachePath = expand(path) }
            case "registryAuthFile":
                if let path = try reader.string(value, key), !path.isEmpty { result.registryAuthFile = expand(path) }
            case "chunkSize":
                if let size = try size(value, key) { result.chunkSize = size }
            case "cachePruneMax":
                if let size = try size(value, key) { result.cachePruneMax = size }
            case "concurrentHTTP":
                if let count = try reader.int(value, key) {
                    guard count > 0 else { throw reader.invalid(value, key, "must be positive, found \(count)") }
                    result.concurrentHTTP = count
                }
            case "registryConfig":
                try applyRegistryConfig(value, to: &result)
            default:
                if Self.ignoredAceDTKeys.contains(key) { continue }
                throw reader.invalid(keyNode, key, "unknown key")
            }
        }
        configuration = result
    }

    /// A file for another tool (or a typo in apiVersion) must not be half-applied.
    private func checkType(_ mapping: Node.Mapping, root: Node) throws {
        let expected = [("apiVersion", FerryConfiguration.apiVersion), ("kind", FerryConfiguration.kind)]
        for (key, wanted) in expected {
            guard let node = mapping[key] else {
                throw reader.invalid(root, key, "missing; expected \(wanted)")
            }
            let found = try reader.string(node, key)
            guard found == wanted else {
                throw reader.invalid(node, key, "expected \(wanted), found \"\(found ?? "")\"")
            }
        }
    }

    private func applyRegistryConfig(_ node: Node, to configuration: inout FerryConfiguration) throws {
        guard let mapping = try reader.mapping(node, "registryConfig") else { return }
        for (keyNode, value) in mapping {
            let key = try reader.key(keyNode, in: "registryConfig")
            switch key {
            case "registries":
                guard let registries = try reader.mapping(value, "registryConfig.registries") else { continue }
                for (hostNode, entry) in registries {
                    let host = try reader.key(hostNode, in: "registryConfig.registries")
                    let path = "registryConfig.registries.\"\(host)\""
                    guard !host.isEmpty, !host.contains("/") else {
                        throw reader.invalid(hostNode, path, "registry keys are host[:port], without scheme or path")
                    }
                    configuration.registries[host.lowercased()] = try registry(entry, path)
                }
            case "endpointConfig":
                guard let endpoints = try reader.mapping(value, "registryConfig.endpointConfig") else { continue }
                for (urlNode, entry) in endpoints {
                    let url = try reader.key(urlNode, in: "registryConfig.endpointConfig")
                    let path = "registryConfig.endpointConfig.\"\(url)\""
                    guard Self.hasHTTPScheme(url) else {
                        throw reader.invalid(urlNode, path, "endpoint keys need a scheme: https://HOST or http://HOST")
                    }
                    configuration.endpoints[EndpointSettings.normalizedKey(url)] = try endpoint(entry, path)
                }
            default:
                throw reader.invalid(keyNode, "registryConfig.\(key)", "unknown key (expected registries or endpointConfig)")
            }
        }
    }

    private func registry(_ node: Node, _ path: String) throws -> RegistrySettings {
        var settings = RegistrySettings()
        guard let mapping = try reader.mapping(node, path) else { return settings }
        for (keyNode, value) in mapping {
            let key = try reader.key(keyNode, in: path)
            let keyPath = "\(path).\(key)"
            switch key {
            case "endpoints":
                for (index, (endpoint, item)) in (try reader.strings(value, keyPath) ?? []).enumerated() {
                    guard Self.hasHTTPScheme(endpoint) else {
                        throw reader.invalid(item, "\(keyPath)[\(index)]", "\"\(endpoint)\" needs a scheme: https:// or http://")
                    }
                    settings.endpoints.append(EndpointSettings.normalizedKey(endpoint))
                }
            case "rewritePull":
                guard let rules = try reader.mapping(value, keyPath) else { continue }
                for (patternNode, replacementNode) in rules {
                    let pattern = try reader.key(patternNode, in: keyPath)
                    let replacement = try reader.string(replacementNode, "\(keyPath).\"\(pattern)\"") ?? ""
                    do {
                        settings.rewritePull.append(try RewriteRule(pattern: pattern, replacement: replacement))
                    } catch let error as PatternError {
                        throw reader.invalid(patternNode, keyPath, Self.reason(.invalidPattern(error.pattern, reason: error.reason)))
                    }
                }
            case "noncompliant":
                settings.noncompliant = try reader.bool(value, keyPath) ?? false
            default:
                throw reader.invalid(keyNode, keyPath, "unknown key (expected endpoints, rewritePull or noncompliant)")
            }
        }
        return settings
    }

    private func endpoint(_ node: Node, _ path: String) throws -> EndpointSettings {
        var settings = EndpointSettings()
        guard let mapping = try reader.mapping(node, path) else { return settings }
        for (keyNode, value) in mapping {
            let key = try reader.key(keyNode, in: path)
            let keyPath = "\(path).\(key)"
            switch key {
            case "supportsReferrers":
                let text = try reader.string(value, keyPath) ?? ""
                if text.isEmpty { continue }  // ace-dt treats an empty value as "auto"
                guard let support = ReferrersSupport(rawValue: text) else {
                    throw reader.invalid(value, keyPath, "expected tag, api or auto, found \"\(text)\"")
                }
                settings.supportsReferrers = support
            case "tls":
                settings.tls = try tls(value, keyPath)
            default:
                throw reader.invalid(keyNode, keyPath, "unknown key (expected supportsReferrers or tls)")
            }
        }
        return settings
    }

    private func tls(_ node: Node, _ path: String) throws -> TLSSettings? {
        guard let mapping = try reader.mapping(node, path) else { return nil }
        var settings = TLSSettings()
        for (keyNode, value) in mapping {
            let key = try reader.key(keyNode, in: path)
            let keyPath = "\(path).\(key)"
            switch key {
            case "insecureSkipVerify": settings.insecureSkipVerify = try reader.bool(value, keyPath) ?? false
            case "caFile": settings.caFile = try reader.string(value, keyPath).map(expand)
            case "certFile": settings.certFile = try reader.string(value, keyPath).map(expand)
            case "keyFile": settings.keyFile = try reader.string(value, keyPath).map(expand)
            default:
                throw reader.invalid(keyNode, keyPath, "unknown key (expected insecureSkipVerify, caFile, certFile or keyFile)")
            }
        }
        // A client certificate is useless without its key and vice versa: say so now, not at handshake.
        if (settings.certFile == nil) != (settings.keyFile == nil) {
            throw reader.invalid(node, path, "certFile and keyFile must be given together")
        }
        return settings
    }

    private func expand(_ path: String) -> String {
        PathExpansion.expandTilde(path, home: home)
    }

    private static func hasHTTPScheme(_ url: String) -> Bool {
        let lower = url.lowercased()
        return (lower.hasPrefix("https://") && lower.count > 8) || (lower.hasPrefix("http://") && lower.count > 7)
    }

    /// The reason part of a nested error, so the outer message names file, line and key once.
    private static func reason(_ error: ConfigError) -> String {
        switch error {
        case let .invalidByteSize(text, reason): return "invalid size \"\(text)\": \(reason)"
        case let .invalidPattern(pattern, reason): return "invalid regular expression \"\(pattern)\": \(reason)"
        default: return error.description
        }
    }
}
