/// Several destinations failed under `--continue`, and nothing succeeded.
public struct ScatterPartialFailure: Error, Sendable, CustomStringConvertible {
    public var failures: [ScatterFailure]
    public var description: String {
        "\(failures.count) item(s) failed:\n" + failures.map { "  \($0)" }.joined(separator: "\n")
    }
}
