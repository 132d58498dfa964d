import ArgumentParser
import Config
import Foundation
import OCI
import Registry

/// Options every command takes: configuration files and how to report.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Configuration file (YAML, ace-dt compatible); repeatable, later files win. Default: the first present of $FERRY_CONFIG, $ACE_DT_CONFIG, ~/.config/ferry/config.yaml, ace-dt's config files.")
    var config: [String] = []

    @Flag(name: [.short, .long], help: "Print only errors.")
    var quiet = false

    @Flag(name: .long, help: "Print progress and the result as JSON lines.")
    var json = false

    @OptionGroup(title: "ace-dt compatibility") var aceDT: AceDTUIOptions

    /// A configuration that cannot be read or understood is a usage error (exit 2), found while
    /// the command line is checked, before anything runs.
    func validate() throws {
        do {
            _ = try loadConfiguration()
        } catch let error as ConfigError {
            throw ValidationError("\(error)\nHint: 'ferry config --sample' prints a commented configuration; docs/config.md lists every key.")
        }
    }

    /// The `--config` files, or the one ace-dt's search finds, with the environment's overrides
    /// (see `ConfigurationDiscovery`). Read once per process: `--config <(…)` is a pipe, which a
    /// second read would find empty.
    func loadConfiguration() throws -> FerryConfiguration {
        let discovery = ConfigurationDiscovery()
        let paths = discovery.files(explicit: config)
        return try Self.loaded.value(for: paths) { try discovery.load(files: paths) }
    }

    private static let loaded = LoadedConfigurations()

    func makeClient() throws -> RegistryClient {
        RegistryClient(options: try RegistryClientOptions(configuration: try loadConfiguration(),
                                                          environment: ProcessInfo.processInfo.environment))
    }
}

enum FerryVersionText {
    static let value = "ferry \(FerryVersion.current)"
}

/// Configurations already read in this process, by their list of files.
private final class LoadedConfigurations: @unchecked Sendable {
    // Invariant: `byPaths` is only touched with `lock` held.
    private let lock = NSLock()
    private var byPaths: [[String]: FerryConfiguration] = [:]

    func value(for paths: [String], load: () throws -> FerryConfiguration) throws -> FerryConfiguration {
        lock.lock(); defer { lock.unlock() }
        if let known = byPaths[paths] { return known }
        let configuration = try load()
        byPaths[paths] = configuration
        return configuration
    }
}
