/// The destination could not be reached or read before anything was gathered.
public struct GatherDestinationError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { "destination: \(message)" }
}
