/// Rejects what Go's RE2 syntax does not have but ICU (behind `NSRegularExpression`) would accept:
/// backreferences, look-around, atomic groups and possessive or stacked repetition. These are
/// the constructs ICU may backtrack on exponentially, and Go refuses them at compile time with
/// these messages, so refusing them is both Go's behaviour and a guard on matching time.
enum GoRegexSyntax {
    static func check(_ pattern: String) throws {
        let chars = Array(pattern.unicodeScalars)
        var index = 0
        var inClass = false
        while index < chars.count {
            let char = chars[index]
            switch char {
            case "\\":
                guard index + 1 < chars.count else { return }  // ICU reports the trailing backslash
                let next = chars[index + 1]
                if next == "Q" {
                    index = skipQuoted(chars, from: index + 2)
                    continue
                }
                if ("1"..."9").contains(next) || next == "k" {
                    throw invalid("invalid escape sequence: `\\\(next)`")
                }
                index += 2
                continue
            case "[" where !inClass:
                inClass = true
                // A `]` right after `[` or `[^` is a literal, not the end of the class.
                if index + 1 < chars.count, chars[index + 1] == "^" { index += 1 }
                if index + 1 < chars.count, chars[index + 1] == "]" { index += 1 }
            case "]" where inClass:
                inClass = false
            case "(" where !inClass:
                let head = String(String.UnicodeScalarView(chars[(index + 1)..<min(index + 4, chars.count)]))
                for perl in ["?=", "?!", "?<=", "?<!", "?>"] where head.hasPrefix(perl) {
                    throw invalid("invalid or unsupported Perl syntax: `(\(perl)`")
                }
            case "*", "+", "?":
                if !inClass { try checkRepetition(chars, after: index + 1) }
            case "{" where !inClass:
                if let close = repeatEnd(chars, from: index) {
                    try checkRepetition(chars, after: close + 1)
                    index = close
                }
            default: break
            }
            index += 1
        }
    }

    /// After a repetition (and its optional lazy `?`), another repetition operator is Go's
    /// "invalid nested repetition operator" (ICU would read `*+` as possessive).
    private static func checkRepetition(_ chars: [Unicode.Scalar], after: Int) throws {
        var next = after
        if next < chars.count, chars[next] == "?" { next += 1 }
        guard next < chars.count, "*+?{".unicodeScalars.contains(chars[next]) else { return }
        if chars[next] == "{" && repeatEnd(chars, from: next) == nil { return }
        throw invalid("invalid nested repetition operator: `\(String(String.UnicodeScalarView(chars[(after - 1)...next])))`")
    }

    /// The index of the `}` closing a counted repetition `{n}`, `{n,}` or `{n,m}` at `start`.
    private static func repeatEnd(_ chars: [Unicode.Scalar], from start: Int) -> Int? {
        var index = start + 1
        var digits = 0
        while index < chars.count, ("0"..."9").contains(chars[index]) || chars[index] == "," {
            if chars[index] != "," { digits += 1 }
            index += 1
        }
        return index < chars.count && chars[index] == "}" && digits > 0 ? index : nil
    }

    /// `\Q…\E` is literal text.
    private static func skipQuoted(_ chars: [Unicode.Scalar], from start: Int) -> Int {
        var index = start
        while index + 1 < chars.count, !(chars[index] == "\\" && chars[index + 1] == "E") { index += 1 }
        return min(index + 2, chars.count)
    }

    private static func invalid(_ reason: String) -> FunctionFailure {
        FunctionFailure("error parsing regexp: \(reason)")
    }
}
