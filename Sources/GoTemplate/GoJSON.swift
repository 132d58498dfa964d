/// JSON as Go's `encoding/json` writes it: sorted map keys, `<`, `>`, `&`, U+2028 and U+2029
/// escaped, floats in Go's shortest form.
enum GoJSON {
    static func encode(_ value: Value, indent: String?) -> String {
        var out = ""
        write(value, indent: indent, level: 0, into: &out)
        return out
    }

    private static func write(_ value: Value, indent: String?, level: Int, into out: inout String) {
        if value.isMissing || value.isNilPointer {
            out += "null"
            return
        }
        let newline = indent.map { "\n" + String(repeating: $0, count: level + 1) } ?? ""
        let closing = indent.map { "\n" + String(repeating: $0, count: level) } ?? ""
        switch value.data {
        case .none: out += "null"
        case .bool(let flag): out += flag ? "true" : "false"
        case .int(let number): out += String(number)
        case .float(let number): out += float(number)
        case .string(let text): out += string(text)
        case .list(let items):
            if value.type.elementTypeIsByte {
                out += string(Array(items.compactMap(\.intAsByte)).base64)
                return
            }
            guard !items.isEmpty else { out += "[]"; return }
            out += "["
            for (offset, item) in items.enumerated() {
                if offset > 0 { out += "," }
                out += newline
                write(value.element(item), indent: indent, level: level + 1, into: &out)
            }
            out += closing + "]"
        case .map(let entries):
            let pairs = entries.keys.sorted(by: GoOrder.less).map { ($0, value.element(entries[$0] ?? .none)) }
            writeObject(pairs, indent: indent, level: level, into: &out)
        case .structure(_, let fields):
            writeObject(fields.map { ($0.name, Value($0.value, $0.type ?? .any)) }, indent: indent, level: level, into: &out)
        }
    }

    private static func writeObject(_ pairs: [(String, Value)], indent: String?, level: Int, into out: inout String) {
        guard !pairs.isEmpty else { out += "{}"; return }
        let newline = indent.map { "\n" + String(repeating: $0, count: level + 1) } ?? ""
        out += "{"
        for (offset, (key, item)) in pairs.enumerated() {
            if offset > 0 { out += "," }
            out += newline + string(key) + (indent == nil ? ":" : ": ")
            write(item, indent: indent, level: level + 1, into: &out)
        }
        out += (indent.map { "\n" + String(repeating: $0, count: level) } ?? "") + "}"
    }

    static let escapes: [Unicode.Scalar: String] = ["\"": "\\\"", "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"]

    static func string(_ text: String) -> String {
        "\"" + GoEscape.map(text) { scalar in
            if let escaped = escapes[scalar] { return escaped }
            if scalar.value < 0x20 || ["<", ">", "&", "\u{2028}", "\u{2029}"].contains(scalar) {
                return "\\u" + GoQuote.hex(scalar.value, width: 4)
            }
            return nil
        } + "\""
    }

    /// Go's JSON float: plain digits between 1e-6 and 1e21, else exponent form without padding.
    static func float(_ number: Double) -> String {
        guard number.isFinite else { return "null" }
        let magnitude = abs(number)
        if magnitude != 0 && (magnitude < 1e-6 || magnitude >= 1e21) {
            let text = GoFloat.shortest(number)
            return text.replacingOccurrences(of: "e-0", with: "e-").replacingOccurrences(of: "e+0", with: "e+")
        }
        let (digits, point) = GoFloat.shortestDigits(number)
        let sign = number.sign == .minus && number != 0 ? "-" : ""
        if point <= 0 { return sign + "0." + String(repeating: "0", count: -point) + String(digits) }
        if point >= digits.count { return sign + String(digits) + String(repeating: "0", count: point - digits.count) }
        return sign + String(digits[..<point]) + "." + String(digits[point...])
    }

    /// Where Go's base64 decoder would report the first bad byte (approximately).
    static func badBase64Offset(_ text: String) -> Int {
        let valid = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=".utf8)
        return text.utf8.firstIndex { !valid.contains($0) }.map { text.utf8.distance(from: text.utf8.startIndex, to: $0) }
            ?? (text.utf8.count / 4) * 4
    }
}

extension Array where Element == UInt8 {
    /// Standard base64 with padding, as Go encodes `[]byte` in JSON.
    var base64: String {
        let alphabet: [Character] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".map { $0 }
        var out = ""
        var index = 0
        while index < count {
            let available = Swift.min(3, count - index)
            var bits: UInt32 = 0
            for offset in 0..<3 {
                let byte: UInt32 = offset < available ? UInt32(self[index + offset]) : 0
                bits = bits << 8 | byte
            }
            for position in 0..<4 {
                let sextet = Int((bits >> UInt32(18 - 6 * position)) & 63)
                out.append(position <= available ? alphabet[sextet] : "=")
            }
            index += 3
        }
        return out
    }
}
