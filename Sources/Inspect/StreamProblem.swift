/// Something wrong with a stream, named so a person can find it: the entry path or digest, and
/// what was expected against what was found.
public struct StreamProblem: Sendable, Equatable, CustomStringConvertible {
    /// The entry path, digest or part of the stream concerned.
    public var object: String
    public var reason: String

    public init(_ object: String, _ reason: String) {
        self.object = object
        self.reason = reason
    }

    public var description: String { "\(object): \(reason)" }
}
