import Config
import Foundation
import Store

/// The local OCI-layout store archive and unarchive work in, with no registry in between.
public enum LocalStore {
    /// `cachePath/store` from the config, else `$XDG_CACHE_HOME/ferry/store`.
    public static func directory(_ configuration: FerryConfiguration) throws -> URL {
        if let cache = configuration.cachePath { return URL(fileURLWithPath: cache).appendingPathComponent("store") }
        guard let base = CacheDirectory.ferry() else { throw WorkflowError.noCacheDirectory }
        return base.appendingPathComponent("store")
    }
}
