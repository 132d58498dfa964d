/// One lexical item of a template, with its byte offset and 1-based line as Go's lexer reports them.
struct Token: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case text, leftDelim, rightDelim, space, eof, error
        case identifier, field, variable, dot, number, charConstant, string, rawString, bool, nilKeyword
        case pipe, leftParen, rightParen, declare, assign
        /// Any other printable ASCII character inside an action, such as the comma in `$i, $v`.
        case char
        case keyword(Keyword)
    }

    enum Keyword: String, Sendable, CaseIterable {
        case block, `break`, `continue`, define, `else`, end, `if`, range, template, with
    }

    var kind: Kind
    var text: String
    var pos: Int
    var line: Int

    /// How Go's parser names a token in "unexpected X in Y" messages.
    var quoted: String {
        switch kind {
        case .eof: return "EOF"
        case .error: return text
        case .keyword: return "<\(text)>"
        default:
            let quotedText = GoQuote.quote(text)
            if text.unicodeScalars.count > 10 {
                return GoQuote.quote(String(String.UnicodeScalarView(text.unicodeScalars.prefix(10)))) + "..."
            }
            return quotedText
        }
    }
}
