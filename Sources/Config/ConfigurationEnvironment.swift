import Foundation

/// The environment variables that override configuration settings: ace-dt's `ACE_DT_*` names,
/// so ace-dt's setup keeps working, and ferry's own `FERRY_*` names, which win when both are set.
///
/// As in ace-dt they override whatever file was read. Unlike ace-dt (which then falls back to
/// the defaults without a word), a value that cannot be used is an error naming the variable.
/// ace-dt's `ACE_DT_EDITOR` and `ACE_DT_TELEMETRY_*` set things ferry does not have and are
/// ignored.
public struct ConfigurationEnvironment: Sendable {
    /// One overridable setting: its variable suffix and how a value applies.
    struct Setting: Sendable {
        var suffix: String
        /// (variable name, value, HOME for "~", the configuration to change)
        var apply: @Sendable (String, String, String, inout FerryConfiguration) throws -> Void
    }

    static let settings: [Setting] = [
        Setting(suffix: "CACHE_PATH") { _, value, home, configuration in
            configuration.cachePath = PathExpansion.expandTilde(value, home: home)
        },
        Setting(suffix: "CHUNK_SIZE") { name, value, _, configuration in
            configuration.chunkSize = try size(value, variable: name, key: "chunkSize")
        },
        Setting(suffix: "CACHE_PRUNE_MAX") { name, value, _, configuration in
            configuration.cachePruneMax = try size(value, variable: name, key: "cachePruneMax")
        },
        Setting(suffix: "CONCURRENT_HTTP") { name, value, _, configuration in
            guard let count = Int(value.trimmingCharacters(in: .whitespaces)), count > 0 else {
                throw ConfigError.invalidValue(path: "$\(name)", line: nil, key: "concurrentHTTP",
                                               reason: "\"\(value)\" is not a positive whole number")
            }
            configuration.concurrentHTTP = count
        },
        Setting(suffix: "REGISTRY_AUTH_FILE") { _, value, home, configuration in
            configuration.registryAuthFile = PathExpansion.expandTilde(value, home: home)
        },
    ]

    private static func size(_ value: String, variable: String, key: String) throws -> Int64 {
        do { return try ByteSize.parse(value) } catch let error as ConfigError {
            throw ConfigError.invalidValue(path: "$\(variable)", line: nil, key: key, reason: "\(error)")
        }
    }

    /// ace-dt's prefix first, so ferry's own variable, applied after, wins.
    static let prefixes = ["ACE_DT_", "FERRY_"]

    public var environment: [String: String]

    public init(environment: [String: String]) {
        self.environment = environment
    }

    /// Every variable name this reads, for documentation and `ferry config` output.
    public static var names: [String] {
        prefixes.flatMap { prefix in settings.map { prefix + $0.suffix } }
    }

    /// Applies the variables that are set (an empty value counts as unset).
    public func apply(to configuration: inout FerryConfiguration) throws {
        let home = PathExpansion.home(in: environment)
        for prefix in Self.prefixes {
            for setting in Self.settings {
                let name = prefix + setting.suffix
                guard let value = environment[name], !value.isEmpty else { continue }
                try setting.apply(name, value, home, &configuration)
            }
        }
    }
}
