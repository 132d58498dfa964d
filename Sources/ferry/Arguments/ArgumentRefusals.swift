import Foundation

/// Why ferry refused a command-line value, in ferry's words.
///
/// An `ExpressibleByArgument` type can only answer nil, and swift-argument-parser then reports
/// "The value 'x' is invalid for '<x>'" with no reason. The type records its reason here and
/// `UsageMessage` prints that reason alone, as ferry printed it when it checked values in
/// `validate()`.
final class ArgumentRefusals: @unchecked Sendable {
    static let shared = ArgumentRefusals()
    // Invariant: `refused` is only touched with `lock` held.
    private let lock = NSLock()
    private var refused: [(value: String, reason: String)] = []

    /// Records why `value` was refused (the failable init then returns nil).
    func refuse(_ value: String, _ reason: String) {
        lock.lock(); defer { lock.unlock() }
        refused.append((value, reason))
    }

    /// swift-argument-parser's message with its "The value 'x' is invalid for '<x>'" line, and
    /// the help line after it, replaced by the recorded reason; other messages as they are.
    func reworded(_ message: String) -> String {
        lock.lock(); defer { lock.unlock() }
        var lines = message.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let first = lines.first,
              let refusal = refused.last(where: { first.hasPrefix("Error: The value '\($0.value)' is invalid for '") }) else {
            return message
        }
        lines[0] = "Error: " + refusal.reason
        if lines.count > 1, lines[1].hasPrefix("Help:") { lines.remove(at: 1) }
        return lines.joined(separator: "\n")
    }
}
