/// Splits template text into tokens the way Go's `text/template/parse` lexer does, including
/// trim markers (`{{- ` and ` -}}`), comments, and its exact error texts.
struct Lexer {
    let input: [UInt8]
    var pos = 0
    var start = 0
    private var line = 1
    var startLine = 1
    var parenDepth = 0
    private(set) var tokens: [Token] = []

    init(_ text: String) {
        input = Array(text.utf8)
    }

    /// All tokens up to and including `.eof` or the first `.error`.
    static func tokenize(_ text: String) -> [Token] {
        var lexer = Lexer(text)
        lexer.run()
        return lexer.tokens
    }

    private mutating func run() {
        var inAction = false
        while true {
            let done = inAction ? !lexInsideAction(&inAction) : !lexText(&inAction)
            if done { return }
        }
    }

    // MARK: - Emitting

    mutating func emit(_ kind: Token.Kind) {
        let text = String(decoding: input[start..<pos], as: UTF8.self)
        tokens.append(Token(kind: kind, text: text, pos: start, line: startLine))
        line += input[start..<pos].filter { $0 == 0x0A }.count
        start = pos
        startLine = line
    }

    private mutating func ignore() {
        line += input[start..<pos].filter { $0 == 0x0A }.count
        start = pos
        startLine = line
    }

    /// Emits an error token; lexing stops after it.
    mutating func fail(_ message: String) -> Bool {
        tokens.append(Token(kind: .error, text: message, pos: start, line: startLine))
        return false
    }

    // MARK: - Text

    func hasPrefix(_ string: String, at offset: Int) -> Bool {
        let bytes = Array(string.utf8)
        guard offset + bytes.count <= input.count else { return false }
        return Array(input[offset..<offset + bytes.count]) == bytes
    }

    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }

    private func hasLeftTrimMarker(at offset: Int) -> Bool {
        offset + 1 < input.count && input[offset] == UInt8(ascii: "-") && Self.isSpace(input[offset + 1])
    }

    func hasRightTrimMarker(at offset: Int) -> Bool {
        offset + 1 < input.count && Self.isSpace(input[offset]) && input[offset + 1] == UInt8(ascii: "-")
    }

    /// At a right delimiter, with (" -}}") or without a trim marker.
    func atRightDelim() -> (delim: Bool, trim: Bool) {
        if hasRightTrimMarker(at: pos) && hasPrefix("}}", at: pos + 2) { return (true, true) }
        return (hasPrefix("}}", at: pos), false)
    }

    private mutating func lexText(_ inAction: inout Bool) -> Bool {
        var search = pos
        while search + 1 < input.count, !(input[search] == UInt8(ascii: "{") && input[search + 1] == UInt8(ascii: "{")) {
            search += 1
        }
        guard search + 1 < input.count else {
            pos = input.count
            if pos > start { emit(.text) }
            emit(.eof)
            return false
        }
        pos = search
        var trimLength = 0
        if hasLeftTrimMarker(at: pos + 2) {
            while pos - trimLength > start, Self.isSpace(input[pos - trimLength - 1]) { trimLength += 1 }
        }
        pos -= trimLength
        if pos > start { emit(.text) }
        pos += trimLength
        ignore()
        return lexLeftDelim(&inAction)
    }

    private mutating func lexLeftDelim(_ inAction: inout Bool) -> Bool {
        pos += 2
        let trim = hasLeftTrimMarker(at: pos)
        let afterMarker = trim ? 2 : 0
        if hasPrefix("/*", at: pos + afterMarker) {
            pos += afterMarker
            ignore()
            return lexComment()
        }
        emit(.leftDelim)
        pos += afterMarker
        ignore()
        parenDepth = 0
        inAction = true
        return true
    }

    private mutating func lexComment() -> Bool {
        pos += 2
        var search = pos
        while search + 1 < input.count, !(input[search] == UInt8(ascii: "*") && input[search + 1] == UInt8(ascii: "/")) {
            search += 1
        }
        guard search + 1 < input.count else { return fail("unclosed comment") }
        pos = search + 2
        let (delim, trim) = atRightDelim()
        guard delim else { return fail("comment ends before closing delimiter") }
        pos += (trim ? 2 : 0) + 2
        if trim { skipLeadingSpace() }
        ignore()
        return true
    }

    private mutating func skipLeadingSpace() {
        while pos < input.count, Self.isSpace(input[pos]) { pos += 1 }
    }

    mutating func lexRightDelim(_ inAction: inout Bool) -> Bool {
        let trim = hasRightTrimMarker(at: pos)
        if trim {
            pos += 2
            ignore()
        }
        pos += 2
        emit(.rightDelim)
        if trim {
            skipLeadingSpace()
            ignore()
        }
        inAction = false
        return true
    }
}
