import Foundation

/// ferry's cache directory: `$XDG_CACHE_HOME/ferry`, else `$HOME/.cache/ferry` (nil with
/// neither). The blob-location index, the local store of archive/unarchive and the manifests a
/// deserialize keeps waiting all live under it.
public enum CacheDirectory {
    public static func ferry(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
        if let cache = environment["XDG_CACHE_HOME"], !cache.isEmpty {
            return URL(fileURLWithPath: cache).appendingPathComponent("ferry")
        }
        if let home = environment["HOME"], !home.isEmpty {
            return URL(fileURLWithPath: home).appendingPathComponent(".cache/ferry")
        }
        return nil
    }
}
