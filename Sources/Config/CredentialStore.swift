import Foundation

/// Finds credentials for a registry host the way docker and podman do.
///
/// Files are searched in order and the first credential found wins:
/// 1. `authFile` if given (the config's `registryAuthFile`; docker or containers format), else
///    `$DOCKER_CONFIG/config.json` or `$HOME/.docker/config.json`;
/// 2. `$REGISTRY_AUTH_FILE`, else `$XDG_RUNTIME_DIR/containers/auth.json`.
///
/// In a docker config, a per-host `credHelpers` entry is asked first, then `credsStore`, then the
/// `auths` entry. Every path and the helper `PATH` come from the `environment` passed in, so a
/// caller (or a test) controls exactly what is read. An explicitly named `authFile` must exist;
/// the default files are skipped when missing, so anonymous pulls work on a fresh machine.
public struct CredentialStore: Sendable {
    /// The explicit credentials file, "~" expanded against the environment's HOME.
    public let authFile: String?
    public let environment: [String: String]
    /// Credentials that win over every file, by registry host: how `ferry login` checks a
    /// credential against the registry before anything is written.
    public var pinned: [String: RegistryCredential] = [:]

    public init(authFile: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
        self.authFile = authFile.flatMap { $0.isEmpty ? nil : PathExpansion.expandTilde($0, home: environment["HOME"]) }
    }

    /// The files consulted, in order (for `ferry config` output and error hints).
    public var searchPaths: [String] { sources.map(\.path) }

    /// The credential for `host` (`host[:port]`; a scheme or path is ignored), or nil when no
    /// file or helper has one. Throws `ConfigError` for a malformed file, a missing explicit
    /// `authFile`, or a credential helper that is missing or fails.
    public func credential(forRegistry host: String) throws -> RegistryCredential? {
        if let entry = AuthFile.entry(in: pinned, forHost: host) { return entry.value }
        for source in sources {
            if !source.required && !TextFile.exists(source.path) { continue }
            let file = try AuthFile.load(source.path)
            if let credential = try credential(in: file, forHost: host) { return credential }
        }
        return nil
    }

    private func credential(in file: AuthFile, forHost host: String) throws -> RegistryCredential? {
        let entry = AuthFile.entry(in: file.auths, forHost: host)
        // Helpers expect the server address docker login used: the auths key when there is one,
        // Docker Hub's legacy URL, else the bare host.
        let serverURL = entry?.key
            ?? (RegistryHostNames.isDockerHub(host) ? RegistryHostNames.dockerHubLegacyKey : RegistryHostNames.normalize(host))
        let helperName = AuthFile.entry(in: file.credHelpers, forHost: host)?.value ?? file.credsStore
        if let helperName, !helperName.isEmpty,
           let credential = try CredentialHelper(name: helperName, environment: environment).get(serverURL: serverURL) {
            return credential
        }
        return entry?.value ?? nil
    }

    private struct Source {
        var path: String
        /// A missing required file is an error; a missing default file is skipped.
        var required: Bool
    }

    private var sources: [Source] {
        var result: [Source] = []
        if let authFile {
            result.append(Source(path: authFile, required: true))
        } else if let directory = nonEmpty("DOCKER_CONFIG") {
            result.append(Source(path: Self.join(directory, "config.json"), required: false))
        } else if let home = nonEmpty("HOME") {
            result.append(Source(path: Self.join(home, ".docker/config.json"), required: false))
        }
        if let file = nonEmpty("REGISTRY_AUTH_FILE") {
            result.append(Source(path: PathExpansion.expandTilde(file, home: environment["HOME"]), required: false))
        } else if let runtime = nonEmpty("XDG_RUNTIME_DIR") {
            result.append(Source(path: Self.join(runtime, "containers/auth.json"), required: false))
        }
        // The same file named twice (registryAuthFile = $REGISTRY_AUTH_FILE) is read once.
        var seen: Set<String> = []
        return result.filter { seen.insert($0.path).inserted }
    }

    private func nonEmpty(_ name: String) -> String? {
        guard let value = environment[name], !value.isEmpty else { return nil }
        return value
    }

    private static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }
}
