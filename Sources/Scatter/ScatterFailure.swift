/// One destination (or, for clone, one source) that could not be completed.
public struct ScatterFailure: Error, Sendable, CustomStringConvertible {
    public var source: String
    /// nil when the source itself failed (clone: could not be resolved).
    public var destination: String?
    public var message: String

    public init(source: String, destination: String?, message: String) {
        self.source = source
        self.destination = destination
        self.message = message
    }

    public var description: String { source + (destination.map { " -> \($0)" } ?? "") + ": " + message }
}
