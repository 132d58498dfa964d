/// A `-l` label selector that does not parse; names the selector as written and what is wrong.
public struct LabelSelectorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The selector text exactly as given.
    public var selector: String
    public var reason: String

    public init(selector: String, reason: String) {
        self.selector = selector
        self.reason = reason
    }

    public var description: String { "invalid label selector \"\(selector)\": \(reason)" }
}
