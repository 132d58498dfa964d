/// A source that could not be gathered, named by file line and reference.
public struct GatherFailure: Error, Sendable, CustomStringConvertible {
    public var reference: String
    public var line: Int
    public var message: String
    public var file: String?

    public init(reference: String, line: Int, message: String, file: String? = nil) {
        self.reference = reference
        self.line = line
        self.message = message
        self.file = file
    }

    public var description: String { "\(file.map { "\($0):" } ?? "line ")\(line): \(reference): \(message)" }
}
