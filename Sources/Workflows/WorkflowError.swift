/// Why a composition of stages could not start.
public enum WorkflowError: Error, Sendable, CustomStringConvertible, Equatable {
    /// Neither the configuration nor the environment names a cache directory for the local store.
    case noCacheDirectory
    /// The local store at this path is not a layout that can be read back.
    case storeNotReadable(String)

    public var description: String {
        switch self {
        case .noCacheDirectory: return "no cache directory: set cachePath in the configuration, XDG_CACHE_HOME or HOME"
        case .storeNotReadable(let path): return "the local store \(path) cannot be read back"
        }
    }
}
