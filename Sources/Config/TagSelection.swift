import Foundation

/// Which tags of a repository a sources.list entry expands to (ferry extension, after reposync's
/// "empty tag list means every tag").
public enum TagSelection: Sendable, Equatable {
    /// Written as the tag `*` (`docker.io/library/alpine:*`): every tag.
    case all
    /// Written as the label `tags=/regex/`; holds the regex between the slashes.
    /// The regex (ICU syntax, `NSRegularExpression`) must match the whole tag, as if written
    /// `^(?:regex)$`: `tags=/3\.1[0-9]/` keeps `3.19` but not `3.19.1` or `v3.19`. Anchoring
    /// makes the common "these versions" pattern safe without the user remembering `^…$`.
    case matching(String)

    /// True when this selection keeps `tag`. A `.matching` pattern that does not compile keeps
    /// nothing (SourcesList rejects such patterns, so this only happens for hand-built values).
    public func matches(_ tag: String) -> Bool {
        filter([tag]).isEmpty == false
    }

    /// The tags this selection keeps, in the order given; compiles the pattern once.
    public func filter(_ tags: [String]) -> [String] {
        switch self {
        case .all:
            return tags
        case let .matching(pattern):
            guard let regex = try? TagPattern.compile(pattern) else { return [] }
            return tags.filter { TagPattern.wholeMatch(regex, $0) }
        }
    }
}

/// Compiles `tags=` regexes with whole-tag anchoring.
enum TagPattern {
    struct Problem: Error {
        let reason: String
    }

    /// The pattern wrapped as `\A(?:pattern)\z`. The bare pattern is compiled first so a syntax
    /// error is reported as such; if only the wrapped form fails, the pattern swallowed the
    /// wrapper (an unterminated `\Q` or an `(?x)` comment) and cannot be anchored.
    static func compile(_ pattern: String) throws(Problem) -> NSRegularExpression {
        guard (try? NSRegularExpression(pattern: pattern)) != nil else {
            throw Problem(reason: "is not a valid regular expression")
        }
        guard let anchored = try? NSRegularExpression(pattern: "\\A(?:" + pattern + ")\\z") else {
            throw Problem(reason: "cannot be anchored to match a whole tag (unterminated \\Q or (?x) comment?)")
        }
        return anchored
    }

    static func wholeMatch(_ regex: NSRegularExpression, _ tag: String) -> Bool {
        let range = NSRange(location: 0, length: (tag as NSString).length)
        return regex.firstMatch(in: tag, range: range) != nil
    }
}
