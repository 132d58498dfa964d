/// Host-name rules shared by config lookups, credential lookups and certificate lookups.
///
/// Docker Hub answers to several names: users write `docker.io`, references normalise to
/// `docker.io`, the API lives at `registry-1.docker.io`, and docker's own login stores
/// `https://index.docker.io/v1/`. A setting written under any of them applies to all.
enum RegistryHostNames {
    /// Docker Hub's names, in the order a lookup tries them.
    static let dockerHubAliases = ["docker.io", "index.docker.io", "registry-1.docker.io"]

    /// The key docker's `login` writes for Docker Hub in `config.json`, and the server URL
    /// docker hands credential helpers for it.
    static let dockerHubLegacyKey = "https://index.docker.io/v1/"

    /// Lowercases and strips a scheme, a path and trailing slashes: `https://Reg.io/v2/` → `reg.io`.
    static func normalize(_ host: String) -> String {
        var text = Substring(host)
        for scheme in ["https://", "http://"] where text.lowercased().hasPrefix(scheme) {
            text = text.dropFirst(scheme.count)
        }
        if let slash = text.firstIndex(of: "/") { text = text[..<slash] }
        return text.lowercased()
    }

    static func isDockerHub(_ host: String) -> Bool {
        dockerHubAliases.contains(normalize(host))
    }

    /// The names under which settings for `host` may be stored, the host itself first.
    static func aliases(of host: String) -> [String] {
        let name = normalize(host)
        guard dockerHubAliases.contains(name) else { return [name] }
        return [name] + dockerHubAliases.filter { $0 != name }
    }
}
