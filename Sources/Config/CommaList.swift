import Foundation

/// How one command-line value becomes a list, as ace-dt's flag library (pflag) splits it, so an
/// ace-dt script means the same to ferry.
///
/// A list flag (`-p`, `--existing-from-checkpoint`, `-l`) reads its value as one CSV record:
/// `a,b` is two items, `"a,b"` (quoted inside the value) is one. A map flag (`-a`) reads a value
/// with exactly one `=` as one pair, so `k=v1,v2` keeps its comma, and a value with more than
/// one `=` as a CSV record of pairs. Items are trimmed of surrounding blanks (ace-dt's own help
/// writes `a:1, b:2`). Selectors differ in one way: a comma inside parentheses
/// (`env in (a,b)`) does not split, since no selector can end inside parentheses.
public enum CommaList {
    /// The items of a list value: `linux/amd64,linux/arm64` is two.
    public static func items(_ text: String) throws -> [String] {
        try CSVRecordScanner(text: text, keepParenthesized: false).items()
    }

    /// The selectors of one `-l` value; each is ORed with the others, as in ace-dt.
    public static func selectors(_ text: String) throws -> [String] {
        try CSVRecordScanner(text: text, keepParenthesized: true).items()
    }

    /// The `key=value` pairs of one map value, in the order written; a later key wins when the
    /// caller folds them into a dictionary.
    public static func pairs(_ text: String) throws -> [(key: String, value: String)] {
        let pieces: [String]
        switch text.filter({ $0 == "=" }).count {
        case 0: throw CommaListError(value: text, reason: "must be key=value")
        case 1: pieces = [text.trimmingQuotes()]
        default: pieces = try CSVRecordScanner(text: text, keepParenthesized: false).items()
        }
        return try pieces.map { piece in
            guard let equals = piece.firstIndex(of: "="), equals != piece.startIndex else {
                throw CommaListError(value: text, reason: "\"\(piece)\" must be key=value")
            }
            return (String(piece[..<equals]), String(piece[piece.index(after: equals)...]))
        }
    }
}

/// A value given to a list or map flag that cannot be split; names the value and the reason.
public struct CommaListError: Error, Sendable, Equatable, CustomStringConvertible {
    public var value: String
    public var reason: String

    public init(value: String, reason: String) {
        self.value = value
        self.reason = reason
    }

    public var description: String { "\"\(value)\": \(reason)" }
}

private extension String {
    /// pflag strips the double quotes around a single pair (`"k=v"`).
    func trimmingQuotes() -> String {
        var text = Substring(self)
        while text.first == "\"" { text = text.dropFirst() }
        while text.last == "\"" { text = text.dropLast() }
        return String(text)
    }
}

/// Splits one CSV record the way Go's encoding/csv reads a line: fields end at commas; a field
/// that starts with `"` is quoted (`""` is a quote inside it) and must end with `"` before the next
/// comma; a quote anywhere else is an error.
private struct CSVRecordScanner {
    let text: String
    let keepParenthesized: Bool

    func items() throws -> [String] {
        if text.isEmpty { return [] }
        var fields: [String] = []
        var rest = Substring(text)
        while true {
            let (field, remainder) = try nextField(rest)
            fields.append(field.trimmingCharacters(in: .whitespaces))
            guard let remainder else { break }
            rest = remainder
        }
        return fields
    }

    /// The field at the start of `rest` and what follows its comma (nil at the end).
    private func nextField(_ rest: Substring) throws -> (String, Substring?) {
        if rest.first == "\"" { return try quotedField(rest.dropFirst()) }
        var depth = 0
        var index = rest.startIndex
        while index < rest.endIndex {
            switch rest[index] {
            case "\"": throw CommaListError(value: text, reason: "a quote (\") may only open or close a whole item")
            case "(" where keepParenthesized: depth += 1
            case ")" where keepParenthesized: depth = max(0, depth - 1)
            case "," where depth == 0: return (String(rest[..<index]), rest[rest.index(after: index)...])
            default: break
            }
            index = rest.index(after: index)
        }
        return (String(rest), nil)
    }

    private func quotedField(_ rest: Substring) throws -> (String, Substring?) {
        var field = ""
        var index = rest.startIndex
        while index < rest.endIndex {
            let character = rest[index]
            index = rest.index(after: index)
            guard character == "\"" else { field.append(character); continue }
            if index < rest.endIndex, rest[index] == "\"" {
                field.append("\"")
                index = rest.index(after: index)
                continue
            }
            if index == rest.endIndex { return (field, nil) }
            guard rest[index] == "," else { break }
            return (field, rest[rest.index(after: index)...])
        }
        throw CommaListError(value: text, reason: "a quoted item must end with a quote (\") before the next comma")
    }
}
