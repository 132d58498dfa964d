/// Integer, float and string verbs.
extension GoFormat {
    static func integer(_ number: Int, _ value: Value, _ verb: Character, _ spec: Spec) -> String {
        let magnitude = number.magnitude
        var digits: String
        var prefix = ""
        switch verb {
        case "d", "v": digits = String(magnitude)
        case "b":
            digits = String(magnitude, radix: 2)
            if spec.sharp { prefix = "0b" }
        case "o", "O":
            digits = String(magnitude, radix: 8)
            if verb == "O" { prefix = "0o" } else if spec.sharp { prefix = "0" }
        case "x", "X":
            digits = String(magnitude, radix: 16, uppercase: verb == "X")
            if spec.sharp { prefix = verb == "x" ? "0x" : "0X" }
        case "c":
            return pad(Unicode.Scalar(UInt32(truncatingIfNeeded: number)).map { String($0) } ?? "\u{FFFD}", spec)
        case "q":
            let scalar = Unicode.Scalar(UInt32(truncatingIfNeeded: number)) ?? "\u{FFFD}"
            return pad("'" + GoQuote.escape(scalar, quote: "'", asciiOnly: spec.plus) + "'", spec)
        case "U":
            let hex = String(magnitude, radix: 16, uppercase: true)
            var text = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            if spec.sharp, let scalar = Unicode.Scalar(UInt32(truncatingIfNeeded: number)), GoQuote.isPrint(scalar) {
                text += " '\(scalar)'"
            }
            return pad(text, spec)
        default: return badVerb(value, verb, spec)
        }
        if let precision = spec.precision {
            if precision == 0 && number == 0 { digits = "" }
            digits = String(repeating: "0", count: max(0, precision - digits.count)) + digits
        }
        let sign = number < 0 ? "-" : spec.plus ? "+" : spec.space ? " " : ""
        if spec.zero, spec.precision == nil, let width = spec.width, !spec.minus {
            let fill = width - sign.count - prefix.count - digits.count
            if fill > 0 { digits = String(repeating: "0", count: fill) + digits }
            return sign + prefix + digits
        }
        return pad(sign + prefix + digits, spec, zeroAllowed: false)
    }

    static func float(_ number: Double, _ value: Value, _ verb: Character, _ spec: Spec) -> String {
        guard "veEfFgGxX".contains(verb) else { return badVerb(value, verb, spec) }
        var text = verb == "x" || verb == "X" ? GoFloat.hex(abs(number), upper: verb == "X")
            : GoFloat.format(abs(number), verb: verb, precision: spec.precision, sharp: spec.sharp)
        if number.isInfinite { text = "Inf" }
        let sign = number.sign == .minus && !number.isNaN ? "-" : spec.plus ? "+" : spec.space ? " " : ""
        if spec.zero, number.isFinite, let width = spec.width, !spec.minus {
            let fill = width - sign.count - text.count
            if fill > 0 { text = String(repeating: "0", count: fill) + text }
            return sign + text
        }
        return pad(sign + text, spec, zeroAllowed: false)
    }

    static func string(_ text: String, _ value: Value, _ verb: Character, _ spec: Spec) -> String {
        var text = text
        switch verb {
        case "v", "s":
            if let precision = spec.precision { text = String(text.unicodeScalars.prefix(precision).map(Character.init)) }
            return pad(text, spec)
        case "q":
            if let precision = spec.precision { text = String(text.unicodeScalars.prefix(precision).map(Character.init)) }
            if spec.sharp, !text.contains("`"), text.unicodeScalars.allSatisfy({ $0 == "\t" || GoQuote.isPrint($0) }) {
                return pad("`" + text + "`", spec)
            }
            return pad(GoQuote.quote(text, asciiOnly: spec.plus), spec)
        case "x", "X":
            var bytes = Array(text.utf8)
            if let precision = spec.precision { bytes = Array(bytes.prefix(precision)) }
            let hex = bytes.map { byte -> String in
                let digits = String(byte, radix: 16, uppercase: verb == "X")
                return (digits.count < 2 ? "0" : "") + digits
            }
            let prefix = spec.sharp ? (verb == "x" ? "0x" : "0X") : ""
            let joined = spec.space ? hex.map { prefix + $0 }.joined(separator: " ") : prefix + hex.joined()
            return pad(bytes.isEmpty ? "" : joined, spec)
        default:
            return badVerb(value, verb, spec)
        }
    }
}
