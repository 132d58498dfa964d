import Patterns
import Foundation

/// sprig's regular-expression functions. ICU does the matching (through `RewriteRule`, which
/// gives Go's match and replacement semantics); RE2-only syntax is enforced first, matching
/// gives up at the execution's deadline, and replacements are sized before they are built.
extension Functions {
    static let sprigRegex: FunctionTable = [
        // sprig ignores a bad pattern here: no match.
        "regexMatch": GoFunction([.string, .string], budgeted: { try regexMatch($0, $1, strict: false) }),
        "regexFind": GoFunction([.string, .string], budgeted: { args, budget in
            let text = str(args[1])
            let first = try ranges(try regex(args[0]), text, limit: 1, budget).first
            return .string(first.map { String(text[$0]) } ?? "")
        }),
        "regexFindAll": GoFunction([.string, .string, .int], budgeted: { args, budget in
            let text = str(args[1])
            let limit = args[2].intValue ?? -1
            let found = limit == 0 ? [] : try ranges(try regex(args[0]), text, limit: limit, budget)
            return .strings(found.map { String(text[$0]) })
        }),
        "regexReplaceAll": GoFunction([.string, .string, .string], budgeted: { args, budget in
            .string(try replace(str(args[0]), in: str(args[1]), with: str(args[2]), budget))
        }),
        "regexReplaceAllLiteral": GoFunction([.string, .string, .string], budgeted: { args, budget in
            let literal = str(args[2]).replacingOccurrences(of: "$", with: "$$")
            return .string(try replace(str(args[0]), in: str(args[1]), with: literal, budget))
        }),
        "regexSplit": GoFunction([.string, .string, .int], budgeted: { try regexSplit($0, $1) }),
    ]

    /// `regexMatch` (a bad pattern is no match) or, `strict`, `mustRegexMatch` (it is an error).
    static func regexMatch(_ args: [Value], _ budget: ExecutionBudget, strict: Bool) throws -> Value {
        let rule: RewriteRule
        do {
            rule = try regex(args[0])
        } catch {
            if strict { throw error }
            return .bool(false)
        }
        return .bool(!(try matches(rule, str(args[1]), limit: 1, budget)).isEmpty)
    }

    /// Compiles `pattern` as Go would accept it, or fails with Go's `regexp: Compile` wording.
    private static func regex(_ pattern: Value) throws -> RewriteRule {
        let text = str(pattern)
        let prefix = "regexp: Compile(\(GoQuote.quote(text))): "
        do {
            try GoRegexSyntax.check(text)
            // Go's empty pattern matches everywhere; ICU refuses to compile it.
            return try RewriteRule(pattern: text.isEmpty ? "(?:)" : text, replacement: "")
        } catch let failure as FunctionFailure {
            throw FunctionFailure(prefix + failure.message)
        } catch {
            throw FunctionFailure(prefix + "error parsing regexp")
        }
    }

    /// ICU's matches, given up on (with the budget's reason) once the execution must stop.
    private static func matches(_ rule: RewriteRule, _ text: String, limit: Int = -1, _ budget: ExecutionBudget)
        throws -> [NSTextCheckingResult]
    {
        do {
            return try rule.matchResults(in: text, limit: limit) { budget.stopReason != nil }
        } catch is MatchInterrupted {
            throw FunctionFailure(budget.stopReason ?? "matching was interrupted")
        }
    }

    private static func ranges(_ rule: RewriteRule, _ text: String, limit: Int, _ budget: ExecutionBudget)
        throws -> [Range<String.Index>]
    {
        do {
            return try rule.matchRanges(in: text, limit: limit) { budget.stopReason != nil }
        } catch is MatchInterrupted {
            throw FunctionFailure(budget.stopReason ?? "matching was interrupted")
        }
    }

    /// Go's `ReplaceAllString`, refused before it is built when the result could pass the
    /// string limit: each match adds at most the replacement's text, plus each `$` reference
    /// once more than the text itself (groups lie inside non-overlapping matches).
    private static func replace(_ pattern: String, in text: String, with replacement: String,
                                _ budget: ExecutionBudget) throws -> String
    {
        var rule = try regex(.string(pattern))
        rule = try RewriteRule(pattern: rule.pattern, replacement: replacement)
        let found = try matches(rule, text, budget)
        let references = replacement.utf8.filter { $0 == UInt8(ascii: "$") }.count
        let bound = text.utf8.count + ExecutionBudget.product(found.count, replacement.utf8.count)
            + ExecutionBudget.product(references, text.utf8.count)
        try budget.checkString(bytes: bound)
        return rule.apply(to: text, matches: found)
    }

    /// Go's `Regexp.Split`.
    private static func regexSplit(_ args: [Value], _ budget: ExecutionBudget) throws -> Value {
        let (text, limit) = (str(args[1]), args[2].intValue ?? -1)
        if limit == 0 { return Value(.list([]), .slice(.string)) }
        if !str(args[0]).isEmpty && text.isEmpty { return .strings([""]) }
        var parts: [String] = []
        var begin = text.startIndex
        var end = text.startIndex
        for match in try ranges(try regex(args[0]), text, limit: limit, budget) {
            if limit > 0 && parts.count == limit - 1 { break }
            end = match.lowerBound
            if match.upperBound != text.startIndex { parts.append(String(text[begin..<end])) }
            begin = match.upperBound
        }
        if end != text.endIndex { parts.append(String(text[begin...])) }
        return .strings(parts)
    }
}
