/// Go's `strconv.Quote`/`Unquote` rules: template string literals are unquoted with them and
/// `%q` quotes with them, so escapes must match Go exactly.
enum GoQuote {
    struct SyntaxError: Error {}

    /// `strconv.Quote`: printable runes stay, others become `\n`, `\x00`, `\u00a0`, `\U0001f600`.
    static func quote(_ text: String, quote mark: Character = "\"", asciiOnly: Bool = false) -> String {
        var out = String(mark)
        for scalar in text.unicodeScalars {
            out += escape(scalar, quote: mark, asciiOnly: asciiOnly)
        }
        out.append(mark)
        return out
    }

    static func escape(_ scalar: Unicode.Scalar, quote mark: Character, asciiOnly: Bool) -> String {
        if Character(scalar) == mark || scalar == "\\" { return "\\" + String(scalar) }
        if isPrint(scalar) && (!asciiOnly || scalar.isASCII) { return String(scalar) }
        switch scalar {
        case "\u{07}": return "\\a"
        case "\u{08}": return "\\b"
        case "\u{0C}": return "\\f"
        case "\n": return "\\n"
        case "\r": return "\\r"
        case "\t": return "\\t"
        case "\u{0B}": return "\\v"
        default:
            let value = scalar.value
            if value < 0x20 || value == 0x7F { return "\\x" + hex(value, width: 2) }
            if value == 0xFFFD { return "\\ufffd" }
            if value < 0x10000 { return "\\u" + hex(value, width: 4) }
            return "\\U" + hex(value, width: 8)
        }
    }

    static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// Go's `strconv.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space.
    static func isPrint(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == " " { return true }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber,
            .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
            .initialPunctuation, .finalPunctuation, .otherPunctuation, .mathSymbol, .currencySymbol,
            .modifierSymbol, .otherSymbol:
            return true
        default:
            return false
        }
    }

    /// `strconv.Unquote` for "…", `…` and '…' literals.
    static func unquote(_ literal: String) throws -> String {
        guard let first = literal.first, literal.count >= 2, literal.last == first else { throw SyntaxError() }
        let body = literal.dropFirst().dropLast()
        if first == "`" {
            guard !body.contains("`") else { throw SyntaxError() }
            return body.replacingOccurrences(of: "\r", with: "")
        }
        guard first == "\"" || first == "'" else { throw SyntaxError() }
        var scalars = Substring(body).unicodeScalars[...]
        var out = String.UnicodeScalarView()
        while let scalar = scalars.popFirst() {
            if scalar == "\\" {
                out.append(try unescape(&scalars, quote: first))
            } else {
                if Character(scalar) == first || scalar == "\n" { throw SyntaxError() }
                out.append(scalar)
            }
        }
        if first == "'" && out.count != 1 { throw SyntaxError() }
        return String(out)
    }

    private static func unescape(_ scalars: inout Substring.UnicodeScalarView.SubSequence, quote: Character) throws
        -> Unicode.Scalar
    {
        guard let code = scalars.popFirst() else { throw SyntaxError() }
        switch code {
        case "a": return "\u{07}"
        case "b": return "\u{08}"
        case "f": return "\u{0C}"
        case "n": return "\n"
        case "r": return "\r"
        case "t": return "\t"
        case "v": return "\u{0B}"
        case "\\": return "\\"
        case "'", "\"":
            guard Character(code) == quote else { throw SyntaxError() }
            return code
        case "x", "u", "U":
            let count = code == "x" ? 2 : code == "u" ? 4 : 8
            return try digits(&scalars, count: count, radix: 16)
        case "0"..."7":
            let rest = try digits(&scalars, count: 2, radix: 8).value
            guard let value = Unicode.Scalar((code.value - 48) * 64 + rest), value.value <= 255 else {
                throw SyntaxError()
            }
            return value
        default: throw SyntaxError()
        }
    }

    private static func digits(_ scalars: inout Substring.UnicodeScalarView.SubSequence, count: Int, radix: Int)
        throws -> Unicode.Scalar
    {
        var value: UInt32 = 0
        for _ in 0..<count {
            guard let digit = scalars.popFirst(), let number = Int(String(digit), radix: radix) else {
                throw SyntaxError()
            }
            value = value * UInt32(radix) + UInt32(number)
        }
        guard let scalar = Unicode.Scalar(value) else { throw SyntaxError() }
        return scalar
    }
}
