/// Why a mapper could not be built or could not map the set. Every case names what the user has
/// to fix: the argument, the rule (file:line, template, nest prefix) or the sources involved.
public enum MappingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The MAPPER argument itself is wrong.
    case invalidSpec(String, reason: String)
    /// A rule produced text that is not an image reference.
    case invalidDestination(String, source: String, rule: String, reason: String)
    /// `nest` cannot put a source whose host has a port under a prefix (`:` is not allowed in a path).
    case nestedPort(source: String, prefix: String)
    /// A template failed for one manifest.
    case template(source: String, rule: String, message: String)
    /// Different images mapped to one destination; found before anything is pushed.
    case conflicts([MappingConflict])
    /// `--strict`: these sources have no destination.
    case unmapped([String])

    public var description: String {
        switch self {
        case let .invalidSpec(text, reason):
            return "invalid mapper \"\(text)\": \(reason)"
        case let .invalidDestination(destination, source, rule, reason):
            return "\(rule): destination \"\(destination)\" for \(source) is not a valid reference: \(reason)"
        case let .nestedPort(source, prefix):
            return "nest=\(prefix): source \(source) has a registry port, which cannot be nested under a repository path; "
                + "use a prefix mapper instead (e.g. longest-prefix=FILE with a line \"\(Self.host(of: source))/,\(prefix)/\")"
        case let .template(source, rule, message):
            return "\(rule): template failed for \(source): \(message)"
        case let .conflicts(conflicts):
            return "\(conflicts.count) destination(s) would receive different images:\n"
                + conflicts.map { "  \($0)" }.joined(separator: "\n")
        case let .unmapped(sources):
            return "\(sources.count) source(s) have no destination:\n" + sources.map { "  \($0)" }.joined(separator: "\n")
        }
    }

    private static func host(of source: String) -> String {
        String(source.split(separator: "/", maxSplits: 1).first ?? Substring(source))
    }
}

/// One destination claimed by several images.
public struct MappingConflict: Sendable, Equatable, CustomStringConvertible {
    public var destination: String
    /// `SOURCE (digest) via RULE`, one per claimant, in set order.
    public var claimants: [String]

    public var description: String { "\(destination) <- " + claimants.joined(separator: ", ") }
}
