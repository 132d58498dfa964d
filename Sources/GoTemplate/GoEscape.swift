/// Go's `html`, `js` and `urlquery` escapers.
enum GoEscape {
    /// `text` with each scalar that `replacement` maps replaced; the rest kept.
    static func map(_ text: String, _ replacement: (Unicode.Scalar) -> String?) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if let replaced = replacement(scalar) { out += replaced } else { out.unicodeScalars.append(scalar) }
        }
        return out
    }

    static let htmlEntities: [Unicode.Scalar: String] = [
        "\"": "&#34;", "'": "&#39;", "&": "&amp;", "<": "&lt;", ">": "&gt;", "\0": "\u{FFFD}",
    ]

    static func html(_ text: String) -> String { map(text) { htmlEntities[$0] } }

    static let jsEscapes: [Unicode.Scalar: String] = [
        "\\": "\\\\", "'": "\\'", "\"": "\\\"", "<": "\\u003C", ">": "\\u003E", "&": "\\u0026", "=": "\\u003D",
    ]

    static func js(_ text: String) -> String {
        map(text) { scalar in
            if let escaped = jsEscapes[scalar] { return escaped }
            if scalar.value < 0x20 || (!scalar.isASCII && !GoQuote.isPrint(scalar)) {
                return "\\u" + GoQuote.hex(scalar.value, width: 4).uppercased()
            }
            return nil
        }
    }

    /// `url.QueryEscape`.
    static func query(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " "): out += "+"
            default: out += "%" + GoQuote.hex(UInt32(byte), width: 2).uppercased()
            }
        }
        return out
    }
}
