import Foundation

/// Go's float formatting: `%v` is `strconv.FormatFloat(f, 'g', -1, 64)` (shortest digits that
/// round-trip; exponent form below 1e-4 and from 1e6 up), and `%e`/`%f`/`%g` with a precision
/// behave like C's.
enum GoFloat {
    /// The shortest round-tripping decimal digits of `value` and the decimal point position
    /// (value = 0.DIGITS × 10^point).
    static func shortestDigits(_ value: Double) -> (digits: [Character], point: Int) {
        let text = "\(abs(value))"  // Swift prints the shortest round-trip form too
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        let integer = parts[0]
        let fraction = parts.count > 1 ? parts[1] : ""
        var digits = Array(integer + fraction)
        var point = integer.count + exponent
        while let first = digits.first, first == "0", digits.count > 1 {
            digits.removeFirst()
            point -= 1
        }
        while let last = digits.last, last == "0", digits.count > 1 { digits.removeLast() }
        if digits == ["0"] { point = 1 }
        return (digits, point)
    }

    static func format(_ value: Double, verb: Character, precision: Int?, sharp: Bool = false) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
        switch verb {
        case "g", "G", "v":
            guard let precision else { return shortest(value, upper: verb == "G") }
            return String(format: "%\(sharp ? "#" : "").\(precision)\(verb == "v" ? "g" : String(verb))", value)
        case "e", "E", "f", "F":
            let spec = verb == "F" ? "f" : String(verb)
            return String(format: "%\(sharp ? "#" : "").\(precision ?? 6)\(spec)", value)
        default:
            return shortest(value, upper: false)
        }
    }

    /// `strconv.FormatFloat(value, 'g', -1, 64)`.
    static func shortest(_ value: Double, upper: Bool = false) -> String {
        let sign = value.sign == .minus ? "-" : ""
        let (digits, point) = shortestDigits(value)
        let exponent = point - 1
        if exponent < -4 || exponent >= 6 {
            var mantissa = String(digits[0])
            if digits.count > 1 { mantissa += "." + String(digits[1...]) }
            let expSign = exponent < 0 ? "-" : "+"
            let expDigits = String(abs(exponent))
            return sign + mantissa + (upper ? "E" : "e") + expSign + (expDigits.count < 2 ? "0" : "") + expDigits
        }
        if point <= 0 { return sign + "0." + String(repeating: "0", count: -point) + String(digits) }
        if point >= digits.count {
            return sign + String(digits) + String(repeating: "0", count: point - digits.count)
        }
        return sign + String(digits[..<point]) + "." + String(digits[point...])
    }

    /// `%x` on a float: `0x1.f4p+09`, shortest hex mantissa, at least two exponent digits.
    static func hex(_ value: Double, upper: Bool) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return "Inf" }
        var text: String
        if value == 0 {
            text = "0x0p+00"
        } else {
            var exponent = Int(value.exponent)
            var significand = value.significandBitPattern
            if value.isSubnormal {
                let shift = significand.leadingZeroBitCount - 11
                significand = (significand << UInt64(shift + 1)) & ((1 << 52) - 1)
                exponent = -1022 - shift - 1
            }
            var digits = String(significand, radix: 16)
            digits = String(repeating: "0", count: 13 - digits.count) + digits
            while digits.hasSuffix("0") { digits.removeLast() }
            let expText = String(abs(exponent))
            text = "0x1" + (digits.isEmpty ? "" : "." + digits) + "p" + (exponent < 0 ? "-" : "+")
                + (expText.count < 2 ? "0" : "") + expText
        }
        return upper ? text.uppercased() : text
    }
}
