import Foundation
import OCI

/// `toJson` and `toPrettyJson`: a template value as Go's `encoding/json` marshals it (sorted map
/// keys, floats in Go's shortest form). Strings are OCI's `GoJSON.quote` and indenting is OCI's
/// `GoJSON.indent`, the encoder ferry's manifests are written with: one set of Go rules, not two.
enum TemplateJSON {
    static func encode(_ value: Value, indent: String?) -> String {
        var out = ""
        write(value, into: &out)
        guard let indent else { return out }
        return String(decoding: GoJSON.indent(Data(out.utf8), indent: indent), as: UTF8.self)
    }

    private static func write(_ value: Value, into out: inout String) {
        if value.isMissing || value.isNilPointer {
            out += "null"
            return
        }
        switch value.data {
        case .none: out += "null"
        case .bool(let flag): out += flag ? "true" : "false"
        case .int(let number): out += String(number)
        case .float(let number): out += float(number)
        case .string(let text): out += GoJSON.quote(text)
        case .list(let items):
            if value.type.elementTypeIsByte {
                out += GoJSON.quote(Array(items.compactMap(\.intAsByte)).base64)
                return
            }
            out += "["
            for (offset, item) in items.enumerated() {
                if offset > 0 { out += "," }
                write(value.element(item), into: &out)
            }
            out += "]"
        case .map(let entries):
            let pairs = entries.keys.sorted(by: GoOrder.less).map { ($0, value.element(entries[$0] ?? .none)) }
            writeObject(pairs, into: &out)
        case .structure(GoTime.typeName, _):
            // Types with a MarshalJSON method: time.Time (RFC 3339) and *semver.Version (its String).
            out += GoJSON.quote(GoTime(value)?.rfc3339Nano ?? "")
        case .structure(SemanticVersion.typeName, let fields):
            out += GoJSON.quote(SemanticVersion.display(fields))
        case .structure(_, let fields):
            writeObject(fields.map { ($0.name, Value($0.value, $0.type ?? .any)) }, into: &out)
        }
    }

    private static func writeObject(_ pairs: [(String, Value)], into out: inout String) {
        out += "{"
        for (offset, (key, item)) in pairs.enumerated() {
            if offset > 0 { out += "," }
            out += GoJSON.quote(key) + ":"
            write(item, into: &out)
        }
        out += "}"
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
