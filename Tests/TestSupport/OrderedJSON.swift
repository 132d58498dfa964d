import Foundation

/// JSON with object keys kept in the order written, serialised compact or with a chosen indent.
///
/// Fixture manifests must be byte-for-byte reproducible, and Docker-typed ones deliberately look
/// like what the docker CLI pushes (3-space indent, `mediaType, size, digest` order): a client that
/// re-serialises a manifest instead of keeping its bytes changes its digest, and the tests catch it.
/// `JSONSerialization` can do neither (its key order and spacing are its own).
indirect enum OrderedJSON: Sendable {
    case string(String)
    case int(Int)
    case array([OrderedJSON])
    case object([(String, OrderedJSON)])

    /// The encoded bytes; `indent` nil means compact (as Go's `json.Marshal`).
    func data(indent: Int? = nil) -> Data {
        var out = ""
        write(into: &out, indent: indent, depth: 0)
        return Data(out.utf8)
    }

    private func write(into out: inout String, indent: Int?, depth: Int) {
        switch self {
        case .string(let value):
            Self.quote(value, into: &out)
        case .int(let value):
            out += String(value)
        case .array(let items):
            guard !items.isEmpty else { out += "[]"; return }
            out += "["
            for (offset, item) in items.enumerated() {
                if offset > 0 { out += "," }
                Self.newline(into: &out, indent: indent, depth: depth + 1)
                item.write(into: &out, indent: indent, depth: depth + 1)
            }
            Self.newline(into: &out, indent: indent, depth: depth)
            out += "]"
        case .object(let members):
            guard !members.isEmpty else { out += "{}"; return }
            out += "{"
            for (offset, member) in members.enumerated() {
                if offset > 0 { out += "," }
                Self.newline(into: &out, indent: indent, depth: depth + 1)
                Self.quote(member.0, into: &out)
                out += indent == nil ? ":" : ": "
                member.1.write(into: &out, indent: indent, depth: depth + 1)
            }
            Self.newline(into: &out, indent: indent, depth: depth)
            out += "}"
        }
    }

    private static func newline(into out: inout String, indent: Int?, depth: Int) {
        guard let indent else { return }
        out += "\n" + String(repeating: " ", count: indent * depth)
    }

    /// A JSON string literal, escaping what RFC 8259 requires (plus `<`, `>`, `&` as Go does).
    private static func quote(_ value: String, into out: inout String) {
        out += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<", ">", "&":
                out += String(format: "\\u%04x", scalar.value)
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    /// A string-to-string map with keys sorted, as Go's encoder writes maps.
    static func sortedMap(_ map: [String: String]) -> OrderedJSON {
        .object(map.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })
    }
}
