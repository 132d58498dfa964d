import Foundation

/// Expands a leading `~` the way a shell would, so config values such as
/// `cachePath: ~/.cache/ferry` work without a shell in between.
enum PathExpansion {
    /// The home directory from `environment` (`HOME`), else the account's home directory.
    static func home(in environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let home = environment["HOME"], !home.isEmpty { return home }
        return NSHomeDirectory()
    }

    /// Replaces `~` or a leading `~/` with `home`; other paths (and `~user`) are returned unchanged.
    static func expandTilde(_ path: String, home: String?) -> String {
        guard let home, path == "~" || path.hasPrefix("~/") else { return path }
        let base = home.hasSuffix("/") ? String(home.dropLast()) : home
        return base + path.dropFirst()
    }
}
