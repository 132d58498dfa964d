/// Why a scatter or clone stopped as a whole.
public enum ScatterError: Error, Sendable, CustomStringConvertible {
    /// IMAGE is not a gather result.
    case notAGatherResult(reason: String)
    /// Several destinations failed under `--continue`, and nothing succeeded.
    case partial([ScatterFailure])

    public var description: String {
        switch self {
        case .notAGatherResult(let reason): return "not a gather result: \(reason)"
        case .partial(let failures):
            return "\(failures.count) item(s) failed:\n" + failures.map { "  \($0)" }.joined(separator: "\n")
        }
    }
}
