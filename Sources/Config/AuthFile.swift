import Foundation

/// The contents of a docker `config.json` or a containers `auth.json`: both keep credentials in
/// `auths`, and docker's adds `credsStore` and `credHelpers` to hand them to external helpers.
///
/// Every entry is decoded when the file is read, as docker does, so a broken entry is reported
/// once with the file and registry key, never with the value that failed to decode.
struct AuthFile {
    let path: String
    /// Credential per `auths` key; nil for entries that hold nothing (`{}`, common with credsStore).
    var auths: [String: RegistryCredential?] = [:]
    var credsStore: String?
    var credHelpers: [String: String] = [:]

    init(path: String, auths: [String: RegistryCredential?] = [:], credsStore: String? = nil, credHelpers: [String: String] = [:]) {
        self.path = path
        self.auths = auths
        self.credsStore = credsStore
        self.credHelpers = credHelpers
    }

    /// Reads and decodes the file at `path`.
    static func load(_ path: String) throws -> AuthFile {
        let text = try TextFile.read(path)
        return try decode(Data(text.utf8), path: path)
    }

    static func decode(_ data: Data, path: String) throws -> AuthFile {
        func malformed(_ reason: String) -> ConfigError {
            .malformedFile(path: path, line: nil, reason: reason)
        }
        // JSONSerialization's messages may quote the text around a syntax error, which can be
        // a secret: report only that the JSON is bad.
        guard let object = try? JSONSerialization.jsonObject(with: data) else {
            throw malformed("not valid JSON")
        }
        guard let root = object as? [String: Any] else { throw malformed("expected a JSON object") }

        var file = AuthFile(path: path)
        if let value = root["credsStore"] {
            guard let name = value as? String else { throw malformed("credsStore must be a string") }
            file.credsStore = name.isEmpty ? nil : name
        }
        if let value = root["credHelpers"] {
            guard let helpers = value as? [String: Any] else { throw malformed("credHelpers must be an object") }
            for (key, name) in helpers {
                guard let name = name as? String else { throw malformed("credHelpers.\"\(key)\" must be a string") }
                file.credHelpers[key] = name
            }
        }
        if let value = root["auths"] {
            guard let auths = value as? [String: Any] else { throw malformed("auths must be an object") }
            for (key, entry) in auths {
                guard let entry = entry as? [String: Any] else { throw malformed("auths.\"\(key)\" must be an object") }
                file.auths[key] = try credential(from: entry, key: key, malformed: malformed)
            }
        }
        return file
    }

    /// Decodes one `auths` entry: `identitytoken` wins, then `auth` (base64 of user:password),
    /// then `username`/`password`.
    private static func credential(
        from entry: [String: Any], key: String, malformed: (String) -> ConfigError
    ) throws -> RegistryCredential? {
        func field(_ name: String) throws -> String {
            guard let value = entry[name] else { return "" }
            guard let text = value as? String else { throw malformed("auths.\"\(key)\".\(name) must be a string") }
            return text
        }
        let token = try field("identitytoken")
        if !token.isEmpty { return .identityToken(token) }
        let auth = try field("auth")
        if !auth.isEmpty {
            guard let (username, password) = decodeBasic(auth) else {
                throw malformed("auths.\"\(key)\".auth is not base64 of \"user:password\"")
            }
            return .basic(username: username, password: password)
        }
        let username = try field("username")
        let password = try field("password")
        if username.isEmpty && password.isEmpty { return nil }
        return .basic(username: username, password: password)
    }

    /// base64("user:password") → (user, password); padding may be missing, as some tools write it.
    private static func decodeBasic(_ auth: String) -> (String, String)? {
        var text = auth.trimmingCharacters(in: .whitespaces)
        while text.count % 4 != 0 { text += "=" }
        guard let data = Data(base64Encoded: text), let plain = String(data: data, encoding: .utf8),
              let colon = plain.firstIndex(of: ":")
        else { return nil }
        return (String(plain[..<colon]), String(plain[plain.index(after: colon)...]))
    }

    /// The entry of `dictionary` for `host`: exact key forms first (`host`, `https://host`,
    /// `http://host`, `https://host/v1/`, Docker Hub's legacy key and aliases), then any URL key
    /// whose host part matches. Keys without a scheme but with a path (auth.json's per-namespace
    /// `quay.io/org`) are not host-wide credentials and do not match a bare host.
    static func entry<Value>(in dictionary: [String: Value], forHost host: String) -> (key: String, value: Value)? {
        for key in candidateKeys(forHost: host) {
            if let value = dictionary[key] { return (key, value) }
        }
        let names = Set(RegistryHostNames.aliases(of: host))
        for key in dictionary.keys.sorted() {
            let lower = key.lowercased()
            let isURL = lower.hasPrefix("https://") || lower.hasPrefix("http://")
            guard isURL || !key.contains("/") else { continue }
            if names.contains(RegistryHostNames.normalize(key)), let value = dictionary[key] { return (key, value) }
        }
        return nil
    }

    static func candidateKeys(forHost host: String) -> [String] {
        var keys: [String] = []
        if RegistryHostNames.isDockerHub(host) { keys.append(RegistryHostNames.dockerHubLegacyKey) }
        for name in RegistryHostNames.aliases(of: host) {
            keys += [name, "https://\(name)", "http://\(name)", "https://\(name)/v1/", "https://\(name)/v2/"]
        }
        return keys
    }
}
