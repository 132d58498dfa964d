/// Why a gather stopped before writing its index.
public enum GatherError: Error, Sendable, CustomStringConvertible {
    /// The destination could not be reached or read before anything was gathered.
    case destination(String)
    /// Several sources failed under `--continue`, and none was gathered.
    case partial([GatherFailure])

    public var description: String {
        switch self {
        case .destination(let message): return "destination: \(message)"
        case .partial(let failures):
            return "\(failures.count) source(s) failed:\n" + failures.map { "  \($0)" }.joined(separator: "\n")
        }
    }
}
