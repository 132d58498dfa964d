import Foundation

/// Which configuration files apply, found as ace-dt finds its own, so a machine set up for
/// `ace-dt mirror` gives ferry the same settings.
///
/// Files named with `--config` are all read, later ones winning key by key (a missing one is an
/// error). Without them the search list is `$FERRY_CONFIG`, else `$ACE_DT_CONFIG` (each a
/// colon-separated list), else ferry's `~/.config/ferry/config.yaml` followed by ace-dt's own
/// search path: `ace-dt-config.yaml` in the working directory, `$XDG_CONFIG_HOME/ace/dt/config.yaml`
/// (`~/.config/ace/dt/config.yaml`), `/etc/ace/dt/config.yaml`. As in ace-dt, only the first file
/// of the list that exists is read; none at all gives the defaults. Environment overrides
/// (`ConfigurationEnvironment`) then apply on top, whichever file was read.
public struct ConfigurationDiscovery: Sendable {
    public var environment: [String: String]
    public var workingDirectory: String

    public init(environment: [String: String] = ProcessInfo.processInfo.environment,
                workingDirectory: String = FileManager.default.currentDirectoryPath) {
        self.environment = environment
        self.workingDirectory = workingDirectory
    }

    /// The files to read, in order: every `explicit` one, else the first present of the search list.
    public func files(explicit: [String]) -> [String] {
        if !explicit.isEmpty { return explicit }
        return searchList.first { TextFile.exists($0) }.map { [$0] } ?? []
    }

    /// The candidates when no `--config` is given, first to last.
    public var searchList: [String] {
        for name in ["FERRY_CONFIG", "ACE_DT_CONFIG"] {
            if let list = environment[name], !list.isEmpty {
                return list.split(separator: ":", omittingEmptySubsequences: true).map(String.init)
            }
        }
        let home = PathExpansion.home(in: environment)
        let configHome = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? "\(home)/.config"
        return ["\(home)/.config/ferry/config.yaml",
                "\(workingDirectory)/ace-dt-config.yaml",
                "\(configHome)/ace/dt/config.yaml",
                "/etc/ace/dt/config.yaml"]
    }

    /// The configuration: the files `files(explicit:)` names, then the environment overrides.
    /// Throws `ConfigError` for a file or an environment value that cannot be used.
    public func load(explicit: [String]) throws -> FerryConfiguration {
        try load(files: files(explicit: explicit))
    }

    /// The configuration from files already chosen by `files(explicit:)`, then the overrides.
    public func load(files: [String]) throws -> FerryConfiguration {
        var configuration = try FerryConfiguration.load(paths: files)
        try ConfigurationEnvironment(environment: environment).apply(to: &configuration)
        return configuration
    }
}
