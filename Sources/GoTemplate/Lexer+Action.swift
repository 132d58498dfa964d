/// The part of the lexer that scans inside `{{ … }}`.
extension Lexer {
    private var peekByte: UInt8? { pos < input.count ? input[pos] : nil }

    /// The Unicode scalar at `pos` and its UTF-8 width, or nil at the end of input.
    private func scalar(at offset: Int) -> (Unicode.Scalar, Int)? {
        guard offset < input.count else { return nil }
        var iterator = input[offset...].makeIterator()
        var decoder = UTF8()
        guard case .scalarValue(let scalar) = decoder.decode(&iterator) else {
            return (Unicode.Scalar(0xFFFD) ?? " ", 1)
        }
        return (scalar, String(scalar).utf8.count)
    }

    private static func isAlphaNumeric(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || scalar.properties.isAlphabetic && scalar.properties.generalCategory != .letterNumber
            || scalar.properties.numericType == .decimal
    }

    /// Scans one item inside an action. Returns false when lexing must stop.
    mutating func lexInsideAction(_ inAction: inout Bool) -> Bool {
        let (delim, _) = atRightDelim()
        if delim {
            if parenDepth == 0 { return lexRightDelim(&inAction) }
            return fail("unclosed left paren")
        }
        guard let byte = peekByte else { return fail("unclosed action") }
        if Self.isSpace(byte) { return lexSpace(&inAction) }
        pos += 1
        switch byte {
        case UInt8(ascii: "="): emit(.assign)
        case UInt8(ascii: ":"):
            guard peekByte == UInt8(ascii: "=") else { return fail("expected :=") }
            pos += 1
            emit(.declare)
        case UInt8(ascii: "|"): emit(.pipe)
        case UInt8(ascii: "\""): return lexQuote()
        case UInt8(ascii: "`"): return lexRawQuote()
        case UInt8(ascii: "$"): return lexFieldOrVariable(.variable)
        case UInt8(ascii: "'"): return lexChar()
        case UInt8(ascii: "."):
            if let next = peekByte, next >= UInt8(ascii: "0"), next <= UInt8(ascii: "9") {
                pos -= 1
                return lexNumber()
            }
            return lexFieldOrVariable(.field)
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            pos -= 1
            return lexNumber()
        case UInt8(ascii: "("):
            emit(.leftParen)
            parenDepth += 1
        case UInt8(ascii: ")"):
            emit(.rightParen)
            parenDepth -= 1
            if parenDepth < 0 { return fail("unexpected right paren U+0029 ')'") }
        default:
            pos -= 1
            guard let (scalar, width) = scalar(at: pos) else { return fail("unclosed action") }
            pos += width
            if Self.isAlphaNumeric(scalar) {
                pos -= width
                return lexIdentifier()
            }
            if scalar.isASCII, scalar.value >= 0x21, scalar.value < 0x7F {
                emit(.char)
            } else {
                return fail("unrecognized character in action: \(Self.describe(scalar))")
            }
        }
        return true
    }

    /// Go's `%#U` rendering, used in lexer errors.
    static func describe(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        return scalar.properties.generalCategory == .control ? code : "\(code) '\(scalar)'"
    }

    private mutating func lexSpace(_ inAction: inout Bool) -> Bool {
        var count = 0
        while let byte = peekByte, Self.isSpace(byte) {
            pos += 1
            count += 1
        }
        if hasRightTrimMarker(at: pos - 1) && hasPrefix("}}", at: pos + 1) {
            pos -= 1
            if count == 1 { return lexRightDelim(&inAction) }
        }
        emit(.space)
        return true
    }

    private mutating func lexIdentifier() -> Bool {
        while let (scalar, width) = scalar(at: pos), Self.isAlphaNumeric(scalar) { pos += width }
        let word = String(decoding: input[start..<pos], as: UTF8.self)
        guard atTerminator() else { return fail("bad character \(badCharacter())") }
        if let keyword = Token.Keyword(rawValue: word) {
            emit(.keyword(keyword))
        } else if word == "nil" {
            emit(.nilKeyword)
        } else if word == "true" || word == "false" {
            emit(.bool)
        } else {
            emit(.identifier)
        }
        return true
    }

    private func badCharacter() -> String {
        guard let (scalar, _) = scalar(at: pos) else { return "U+FFFFFFFFFFFFFFFF" }
        return Self.describe(scalar)
    }

    private mutating func lexFieldOrVariable(_ kind: Token.Kind) -> Bool {
        if atTerminator() {
            emit(kind == .variable ? .variable : .dot)
            return true
        }
        while let (scalar, width) = scalar(at: pos), Self.isAlphaNumeric(scalar) { pos += width }
        guard atTerminator() else { return fail("bad character \(badCharacter())") }
        emit(kind)
        return true
    }

    private func atTerminator() -> Bool {
        guard let byte = peekByte else { return true }
        if Self.isSpace(byte) { return true }
        if [UInt8(ascii: "."), UInt8(ascii: ","), UInt8(ascii: "|"), UInt8(ascii: ":"), UInt8(ascii: ")"),
            UInt8(ascii: "(")].contains(byte) { return true }
        return hasPrefix("}}", at: pos)
    }

    private mutating func lexQuoted(_ kind: Token.Kind, terminator: UInt8, error: String) -> Bool {
        while true {
            guard let byte = peekByte else { return fail(error) }
            pos += 1
            if byte == UInt8(ascii: "\\") {
                guard let next = peekByte, next != 0x0A else { return fail(error) }
                pos += 1
            } else if byte == 0x0A {
                return fail(error)
            } else if byte == terminator {
                emit(kind)
                return true
            }
        }
    }

    private mutating func lexQuote() -> Bool {
        lexQuoted(.string, terminator: UInt8(ascii: "\""), error: "unterminated quoted string")
    }

    private mutating func lexChar() -> Bool {
        lexQuoted(.charConstant, terminator: UInt8(ascii: "'"), error: "unterminated character constant")
    }

    private mutating func lexRawQuote() -> Bool {
        while let byte = peekByte {
            pos += 1
            if byte == UInt8(ascii: "`") {
                emit(.rawString)
                return true
            }
        }
        return fail("unterminated raw quoted string")
    }

    private mutating func accept(_ set: String) -> Bool {
        guard let byte = peekByte, set.utf8.contains(byte) else { return false }
        pos += 1
        return true
    }

    private mutating func acceptRun(_ set: String) {
        while accept(set) {}
    }

    private mutating func lexNumber() -> Bool {
        guard scanNumber() else {
            return fail("bad number syntax: \(GoQuote.quote(String(decoding: input[start..<pos], as: UTF8.self)))")
        }
        if let sign = peekByte, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            _ = scanNumber()
            return fail("bad number syntax: \(GoQuote.quote(String(decoding: input[start..<pos], as: UTF8.self)))")
        }
        emit(.number)
        return true
    }

    /// Accepts Go's number literal shapes; complex numbers are not supported (Go rarely sees them).
    private mutating func scanNumber() -> Bool {
        _ = accept("+-")
        var digits = "0123456789_"
        if accept("0") {
            if accept("xX") {
                digits = "0123456789abcdefABCDEF_"
            } else if accept("oO") {
                digits = "01234567_"
            } else if accept("bB") {
                digits = "01_"
            }
        }
        acceptRun(digits)
        if accept(".") { acceptRun(digits) }
        if digits.count == 11 && accept("eE") {
            _ = accept("+-")
            acceptRun("0123456789_")
        }
        if digits.count == 23 && accept("pP") {
            _ = accept("+-")
            acceptRun("0123456789_")
        }
        _ = accept("i")
        if let (scalar, width) = scalar(at: pos), Self.isAlphaNumeric(scalar) {
            pos += width
            return false
        }
        return true
    }
}
