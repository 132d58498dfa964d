/// A problem in a line-oriented list file (sources.list, prefix or digest mapping CSV).
///
/// Rendered as `FILE:LINE: what is wrong`, the shape editors and terminals turn into a jump
/// target, so a user with a thousand-line sources.list lands on the bad line.
public struct ListFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file name as the caller gave it (not resolved), so the message matches the command line.
    public var file: String
    /// 1-based line the problem is on.
    public var line: Int
    /// What is wrong, without the location.
    public var reason: String

    public init(file: String, line: Int, reason: String) {
        self.file = file
        self.line = line
        self.reason = reason
    }

    public var description: String { "\(file):\(line): \(reason)" }
}
