import Foundation

/// What `ferry login` and `ferry logout` change: the file `CredentialStore` reads first (the
/// config's `registryAuthFile`, else docker's `config.json`), or the credential helper that file
/// names for the registry — so a login is what every later ferry run (and docker, podman,
/// skopeo, ace-dt) finds.
///
/// The file is rewritten whole, atomically (a new file renamed over the old), mode 0600; every
/// key ferry does not manage (`credsStore`, `proxies`, other registries) is kept as it was.
public struct CredentialWriter: Sendable {
    public let store: CredentialStore

    public init(store: CredentialStore) {
        self.store = store
    }

    /// Where a credential went.
    public enum Destination: Sendable, Equatable {
        case file(String)
        case helper(String)
    }

    /// The file written (a symbolic link is followed, so a linked config stays linked).
    public var path: String {
        let path = store.searchPaths.first ?? "config.json"
        return URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    }

    /// Keeps `username`/`password` for `registry`: in the file's credential helper for that
    /// registry if it names one, else in its `auths` (replacing any other key form of the host).
    @discardableResult
    public func save(username: String, password: String, registry: String) throws -> Destination {
        var document = try AuthDocument(path: path)
        let key = Self.serverKey(registry)
        if let helper = document.helper(forHost: registry) {
            try CredentialHelper(name: helper, environment: store.environment).store(serverURL: key, username: username, secret: password)
            return .helper("docker-credential-\(helper)")
        }
        document.removeAuths(forHost: registry)
        document.setAuth(key: key, basic: Data("\(username):\(password)".utf8).base64EncodedString())
        try document.write()
        return .file(path)
    }

    /// Forgets `registry`: erases it from the helper the file names for it and drops its
    /// `auths` entries. False when nothing held a credential for it.
    public func remove(registry: String) throws -> Bool {
        guard TextFile.exists(path) else { return false }
        var document = try AuthDocument(path: path)
        var removed = false
        if let helper = document.helper(forHost: registry) {
            removed = try CredentialHelper(name: helper, environment: store.environment).erase(serverURL: Self.serverKey(registry))
        }
        if document.removeAuths(forHost: registry) {
            try document.write()
            removed = true
        }
        return removed
    }

    /// The host a user's `REGISTRY` argument names: `https://Reg.io/v2/` → `reg.io`.
    public static func registryHost(_ registry: String) -> String {
        RegistryHostNames.normalize(registry)
    }

    /// The key docker login writes: Docker Hub's legacy URL, else the bare host.
    static func serverKey(_ registry: String) -> String {
        RegistryHostNames.isDockerHub(registry) ? RegistryHostNames.dockerHubLegacyKey : RegistryHostNames.normalize(registry)
    }
}

/// A docker `config.json` / containers `auth.json` as a JSON object, edited in place.
private struct AuthDocument {
    let path: String
    var root: [String: Any]

    /// The credential helpers as the file names them; what `save`/`remove` change (`auths`)
    /// does not touch them, so they are read once, with the document.
    private let helpers: AuthFile

    init(path: String) throws {
        self.path = path
        guard TextFile.exists(path) else {
            root = [:]
            helpers = AuthFile(path: path)
            return
        }
        let data = Data(try TextFile.read(path).utf8)
        // Decoding as AuthFile first reports a broken file the way every other reader does,
        // without quoting its contents; a file that cannot be read is never overwritten.
        helpers = try AuthFile.decode(data, path: path)
        root = (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
    }

    func helper(forHost host: String) -> String? {
        let name = AuthFile.entry(in: helpers.credHelpers, forHost: host)?.value ?? helpers.credsStore
        return name.flatMap { $0.isEmpty ? nil : $0 }
    }

    @discardableResult
    mutating func removeAuths(forHost host: String) -> Bool {
        guard var auths = root["auths"] as? [String: Any] else { return false }
        var removed = false
        while let entry = AuthFile.entry(in: auths, forHost: host) {
            auths[entry.key] = nil
            removed = true
        }
        root["auths"] = auths
        return removed
    }

    mutating func setAuth(key: String, basic: String) {
        var auths = root["auths"] as? [String: Any] ?? [:]
        auths[key] = ["auth": basic]
        root["auths"] = auths
    }

    /// Writes a new file beside the old one, then renames it over: a crash leaves the old file
    /// or the new one, never half of one.
    func write() throws {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent()
        let data = try JSONSerialization.data(withJSONObject: root, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).ferry-\(UUID().uuidString)")
            guard FileManager.default.createFile(atPath: temporary.path, contents: data + Data("\n".utf8), attributes: [.posixPermissions: 0o600]) else {
                throw CocoaError(.fileWriteUnknown)
            }
            if rename(temporary.path, path) != 0 {
                let code = errno
                try? FileManager.default.removeItem(at: temporary)
                throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO)
            }
        } catch {
            throw ConfigError.unwritableFile(path: path, reason: error.localizedDescription)
        }
    }
}
