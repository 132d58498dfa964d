/// Several sources failed under `--continue`.
public struct GatherPartialFailure: Error, Sendable, CustomStringConvertible {
    public var failures: [GatherFailure]
    public var description: String {
        "\(failures.count) source(s) failed:\n" + failures.map { "  \($0)" }.joined(separator: "\n")
    }
}
