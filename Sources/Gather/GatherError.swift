/// Why a gather stopped before writing its index.
public enum GatherError: Error, Sendable, CustomStringConvertible {
    /// The destination could not be reached or read before anything was gathered.
    case destination(String)
    /// Several sources failed under `--continue`, and none was gathered.
    case partial([GatherFailure])
    /// Every source was left out (each of another platform than asked for): nothing to gather.
    case nothingLeft


    public var description: String {
        switch self {
        case .destination(let message): return "destination: \(message)"
        case .partial(let failures):
            return "\(failures.count) source(s) failed:\n" + failures.map { "  \($0)" }.joined(separator: "\n")
        case .nothingLeft:
            return "every source was left out (see the warnings); nothing was gathered and the destination was not changed"
        }
    }
}
