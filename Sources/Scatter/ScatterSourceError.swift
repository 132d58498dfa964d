/// IMAGE is not a gather result.
public struct ScatterSourceError: Error, Sendable, CustomStringConvertible {
    public var reason: String
    public var description: String { "not a gather result: \(reason)" }
}
