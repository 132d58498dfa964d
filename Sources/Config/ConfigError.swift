/// Everything that can go wrong while reading ferry's configuration, credential files,
/// credential helpers or size strings.
///
/// Each case renders as one line that names the file (and line, when the YAML parser knows it)
/// and what is wrong. Cases never carry a secret: credential problems name the file and the
/// registry key, never the value that failed to decode.
public enum ConfigError: Error, CustomStringConvertible, Sendable, Equatable {
    /// A file that must be read could not be (missing, a directory, unreadable, not UTF-8).
    case unreadableFile(path: String, reason: String)
    /// A file ferry keeps (the credentials file of `ferry login`) could not be written.
    case unwritableFile(path: String, reason: String)
    /// A file is not well-formed YAML or JSON.
    case malformedFile(path: String, line: Int?, reason: String)
    /// A well-formed file holds a value ferry cannot accept; `key` is the dotted path to it.
    case invalidValue(path: String, line: Int?, key: String, reason: String)
    /// A size such as `100Mi` could not be understood.
    case invalidByteSize(String, reason: String)
    /// A `rewritePull` pattern is not a valid regular expression.
    case invalidPattern(String, reason: String)
    /// A `docker-credential-NAME` helper is missing, could not run, or answered nonsense.
    case credentialHelper(name: String, reason: String)

    public var description: String {
        switch self {
        case let .unreadableFile(path, reason):
            return "\(path): cannot read: \(reason)"
        case let .unwritableFile(path, reason):
            return "\(path): cannot write: \(reason)"
        case let .malformedFile(path, line, reason):
            return "\(Self.location(path, line)): \(reason)"
        case let .invalidValue(path, line, key, reason):
            return "\(Self.location(path, line)): \(key): \(reason)"
        case let .invalidByteSize(text, reason):
            return "invalid size \"\(text)\": \(reason)"
        case let .invalidPattern(pattern, reason):
            return "invalid regular expression \"\(pattern)\": \(reason)"
        case let .credentialHelper(name, reason):
            return "credential helper \(name): \(reason)"
        }
    }

    private static func location(_ path: String, _ line: Int?) -> String {
        guard let line else { return path }
        return "\(path):\(line)"
    }
}
