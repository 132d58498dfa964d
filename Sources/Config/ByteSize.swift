import Foundation

/// Parses sizes written the way ace-dt (Kubernetes quantities) and humans write them.
///
/// SI suffixes (`k`/`K`, `M`, `G`, `T`, `P`, `E`) are powers of 1000 and IEC suffixes (`Ki`, `Mi`,
/// `Gi`, `Ti`, `Pi`, `Ei`) powers of 1024, each optionally followed by `B` (`1MiB`, `1MB`, `1kB`).
/// A fraction is allowed (`1.5GB`) and, as Kubernetes' `Quantity.Value()` does, a fractional byte
/// count is rounded up. A bare lowercase `m` is refused: in a Kubernetes quantity it means
/// "milli", so guessing "mega" would silently change the meaning of an ace-dt config.
public enum ByteSize {
    /// Returns the number of bytes `text` denotes, or throws `ConfigError.invalidByteSize`.
    public static func parse(_ text: String) throws -> Int64 {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw ConfigError.invalidByteSize(text, reason: "empty") }
        if trimmed.hasPrefix("-") { throw ConfigError.invalidByteSize(text, reason: "negative") }

        // Split "12.5 MiB" into the number and the unit.
        var digits = ""
        var fraction = ""
        var sawPoint = false
        var index = trimmed.startIndex
        while index < trimmed.endIndex {
            let character = trimmed[index]
            if character == "." && !sawPoint {
                sawPoint = true
            } else if character.isASCII, character.isNumber {
                if sawPoint { fraction.append(character) } else { digits.append(character) }
            } else {
                break
            }
            index = trimmed.index(after: index)
        }
        guard !digits.isEmpty || !fraction.isEmpty else {
            throw ConfigError.invalidByteSize(text, reason: "no number")
        }
        let unit = trimmed[index...].trimmingCharacters(in: .whitespaces)
        guard let multiplier = multiplier(forUnit: unit) else {
            throw ConfigError.invalidByteSize(
                text, reason: "unknown unit \"\(unit)\" (use k, M, G, T or Ki, Mi, Gi, Ti, optionally with B)")
        }

        // Exact integer arithmetic: value = ceil(mantissa * multiplier / 10^fractionDigits).
        let overflow = ConfigError.invalidByteSize(text, reason: "too large")
        guard let mantissa = Int64(digits + fraction) else { throw overflow }
        var scale: Int64 = 1
        for _ in fraction {
            let (next, over) = scale.multipliedReportingOverflow(by: 10)
            guard !over else { throw overflow }
            scale = next
        }
        let (product, over) = mantissa.multipliedReportingOverflow(by: multiplier)
        guard !over else { throw overflow }
        let (quotient, remainder) = product.quotientAndRemainder(dividingBy: scale)
        return remainder == 0 ? quotient : quotient + 1
    }

    /// The multiplier for a unit suffix, or nil when the suffix is not a size unit.
    private static func multiplier(forUnit unit: String) -> Int64? {
        var letters = unit
        if letters.isEmpty || letters == "B" || letters == "b" { return 1 }
        if letters.count > 1, letters.last == "B" || letters.last == "b" { letters.removeLast() }
        let binary = letters.count == 2 && (letters.last == "i" || letters.last == "I")
        guard letters.count == 1 || binary, let prefix = letters.first else { return nil }
        // A lone lowercase "m" is Kubernetes' milli; everything else is case-insensitive.
        if prefix == "m" && !binary { return nil }
        let exponent: Int
        switch prefix.uppercased() {
        case "K": exponent = 1
        case "M": exponent = 2
        case "G": exponent = 3
        case "T": exponent = 4
        case "P": exponent = 5
        case "E": exponent = 6
        default: return nil
        }
        let base: Int64 = binary ? 1024 : 1000
        var result: Int64 = 1
        for _ in 0..<exponent { result *= base }  // at most 1024^6 = 2^60: cannot overflow
        return result
    }
}
