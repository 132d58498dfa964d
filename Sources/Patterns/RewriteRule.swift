import Foundation

/// One `rewritePull` entry: a regular expression on the repository path and its replacement.
///
/// ace-dt applies these with Go's `regexp.ReplaceAllString`, so ferry reproduces its semantics:
/// every non-overlapping match is replaced, `$1`/`${1}`/`$name`/`${name}` expand to groups (an
/// unknown or unmatched group expands to nothing, and `$1x` means the group named `1x`), `$$` is a
/// literal `$`, and an empty match right after a previous match is not replaced again.
/// The pattern is compiled when the rule is made, so a bad regex fails at load time.
public struct RewriteRule: Sendable, Equatable, CustomStringConvertible {
    public let pattern: String
    public let replacement: String
    private let compiled: CompiledPattern

    /// Throws `PatternError` when `pattern` is not a valid regular expression.
    public init(pattern: String, replacement: String) throws {
        self.pattern = pattern
        self.replacement = replacement
        self.compiled = try CompiledPattern(pattern)
    }

    public static func == (lhs: RewriteRule, rhs: RewriteRule) -> Bool {
        lhs.pattern == rhs.pattern && lhs.replacement == rhs.replacement
    }

    public var description: String { "\"\(pattern)\" -> \"\(replacement)\"" }

    /// True when the pattern matches anywhere in `text`.
    public func matches(_ text: String) -> Bool {
        let whole = NSRange(location: 0, length: (text as NSString).length)
        return compiled.regex.firstMatch(in: text, range: whole) != nil
    }

    /// The matches in `text` as ICU reports them, at most `limit` (< 0: all). `shouldStop` is
    /// asked after each match and whenever ICU reports progress (every few milliseconds while it
    /// backtracks), so a caller with a deadline can give up on a pattern such as `(a+)+$`;
    /// giving up throws `MatchInterrupted`.
    public func matchResults(in text: String, limit: Int = -1, shouldStop: () -> Bool) throws -> [NSTextCheckingResult] {
        var results: [NSTextCheckingResult] = []
        var interrupted = false
        let whole = NSRange(location: 0, length: (text as NSString).length)
        // The block is declared escaping but runs only during the call.
        withoutActuallyEscaping(shouldStop) { shouldStop in
            compiled.regex.enumerateMatches(in: text, options: [.reportProgress], range: whole) { match, _, stop in
                if let match { results.append(match) }
                if limit >= 0 && results.count >= limit {
                    stop.pointee = true
                } else if shouldStop() {
                    interrupted = true
                    stop.pointee = true
                }
            }
        }
        if interrupted { throw MatchInterrupted() }
        return results
    }

    /// The successive non-overlapping matches in `text`, as Go's `FindAllStringIndex`: an empty
    /// match right after a previous match is skipped. `limit` < 0 means all of them.
    public func matchRanges(in text: String, limit: Int = -1, shouldStop: () -> Bool = { false }) throws
        -> [Range<String.Index>]
    {
        let matches = try matchResults(in: text, shouldStop: shouldStop)
        var ranges: [Range<String.Index>] = []
        var lastMatchEnd = -1
        for match in matches where limit < 0 || ranges.count < limit {
            let range = match.range
            let end = range.location + range.length
            if range.length == 0 && range.location == lastMatchEnd { continue }
            lastMatchEnd = end
            if let swiftRange = Range(range, in: text) { ranges.append(swiftRange) }
        }
        return ranges
    }

    /// `text` with every match replaced, as Go's `regexp.ReplaceAllString` would.
    public func apply(to text: String) -> String {
        let matches = compiled.regex.matches(in: text, range: NSRange(location: 0, length: (text as NSString).length))
        return apply(to: text, matches: matches)
    }

    /// `text` with `matches` (from `matchResults(in:)` on the same text) replaced.
    public func apply(to text: String, matches: [NSTextCheckingResult]) -> String {
        let source = text as NSString
        var output = ""
        var lastMatchEnd = 0
        for match in matches {
            let range = match.range
            output += source.substring(with: NSRange(location: lastMatchEnd, length: range.location - lastMatchEnd))
            // Go skips an empty match that touches the previous match (ICU reports it, Go does not).
            if range.location + range.length > lastMatchEnd || range.location == 0 {
                output += expand(match: match, in: source)
            }
            lastMatchEnd = range.location + range.length
        }
        output += source.substring(from: lastMatchEnd)
        return output
    }

    /// Go's `Regexp.Expand` applied to `replacement` for one match.
    private func expand(match: NSTextCheckingResult, in source: NSString) -> String {
        var output = ""
        var rest = Substring(replacement)
        while let dollar = rest.firstIndex(of: "$") {
            output += rest[..<dollar]
            rest = rest[rest.index(after: dollar)...]
            if rest.first == "$" {
                output += "$"
                rest = rest.dropFirst()
                continue
            }
            guard let (name, remainder) = Self.extractName(rest) else {
                output += "$"  // malformed reference: Go keeps the dollar as text
                continue
            }
            rest = remainder
            output += group(named: name, match: match, in: source)
        }
        output += rest
        return output
    }

    /// The text of group `name` (a number or a `(?<name>…)` name), or "" if absent or unmatched.
    private func group(named name: Substring, match: NSTextCheckingResult, in source: NSString) -> String {
        var range = NSRange(location: NSNotFound, length: 0)
        if let number = Self.groupNumber(name) {
            if number < match.numberOfRanges { range = match.range(at: number) }
        } else if compiled.groupNames.contains(String(name)) {
            range = match.range(withName: String(name))
        }
        return range.location == NSNotFound ? "" : source.substring(with: range)
    }

    /// Reads `name` or `{name}` (letters, digits, `_`) from the start of `text`, as Go's `extract`.
    private static func extractName(_ text: Substring) -> (Substring, Substring)? {
        var rest = text
        let braced = rest.first == "{"
        if braced { rest = rest.dropFirst() }
        let name = rest.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
        guard !name.isEmpty else { return nil }
        rest = rest.dropFirst(name.count)
        if braced {
            guard rest.first == "}" else { return nil }
            rest = rest.dropFirst()
        }
        return (name, rest)
    }

    /// A group number when `name` is all digits without a leading zero (Go's rule), else nil.
    private static func groupNumber(_ name: Substring) -> Int? {
        guard name.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        guard name == "0" || name.first != "0", name.count < 9 else { return nil }
        return Int(name)
    }
}

/// Matching was given up because the caller's `shouldStop` said so.
public struct MatchInterrupted: Error {}

/// The compiled form of a pattern. `NSRegularExpression` is immutable and documented as safe to
/// share between threads (Foundation declares it Sendable).
private final class CompiledPattern: Sendable {
    let regex: NSRegularExpression
    /// Names of `(?<name>…)` groups, so `$name` only asks the regex about names it has.
    let groupNames: Set<String>

    init(_ pattern: String) throws {
        // Go spells named groups (?P<name>…); ICU only knows (?<name>…).
        let translated = pattern.replacingOccurrences(of: "(?P<", with: "(?<")
        do {
            regex = try NSRegularExpression(pattern: translated)
        } catch {
            throw PatternError(pattern: pattern, reason: "does not compile")
        }
        groupNames = Self.namedGroups(in: translated)
    }

    private static func namedGroups(in pattern: String) -> Set<String> {
        var names: Set<String> = []
        var rest = Substring(pattern)
        while let open = rest.range(of: "(?<") {
            rest = rest[open.upperBound...]
            let name = rest.prefix { $0 != ">" }
            // Skip look-behinds "(?<=" and "(?<!".
            if let first = name.first, first != "=", first != "!", rest.dropFirst(name.count).first == ">" {
                names.insert(String(name))
            }
        }
        return names
    }
}

/// A pattern that is not a valid regular expression.
public struct PatternError: Error, Sendable, Equatable, CustomStringConvertible {
    public let pattern: String
    public let reason: String

    public init(pattern: String, reason: String) {
        self.pattern = pattern
        self.reason = reason
    }

    public var description: String { "invalid regular expression \"\(pattern)\": \(reason)" }
}
