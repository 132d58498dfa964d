import Foundation

/// Byte-oriented string helpers matching Go's `strings` package where Swift's Character-based
/// APIs would differ (Go works on bytes and runes, never on grapheme clusters).
enum GoText {
    /// Go's `unicode.IsSpace` set, as `strings.TrimSpace` uses.
    static let space = CharacterSet(charactersIn: " \t\n\u{0B}\u{0C}\r\u{85}\u{A0}").union(.whitespacesAndNewlines)

    static func string<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        String(decoding: Array(bytes), as: UTF8.self)
    }

    static func hasPrefix(_ text: String, _ prefix: String) -> Bool { text.utf8.starts(with: prefix.utf8) }
    static func hasSuffix(_ text: String, _ suffix: String) -> Bool { text.utf8.reversed().starts(with: suffix.utf8.reversed()) }

    /// `strings.Split`: an empty separator splits into runes.
    static func split(_ text: String, by separator: String) -> [String] {
        if separator.isEmpty { return text.unicodeScalars.map { String($0) } }
        return text.components(separatedBy: separator)
    }

    /// `strings.Replace(text, old, new, -1)`: an empty `old` inserts `new` around every rune.
    static func replace(_ text: String, _ old: String, with new: String) -> String {
        if old.isEmpty {
            return new + text.unicodeScalars.map { String($0) + new }.joined()
        }
        return text.replacingOccurrences(of: old, with: new)
    }

    /// `strings.Trim(text, set)`.
    static func trim(_ text: String, set: String) -> String {
        let cut = Set(set.unicodeScalars)
        var scalars = Substring(text).unicodeScalars[...]
        while let first = scalars.first, cut.contains(first) { scalars.removeFirst() }
        while let last = scalars.last, cut.contains(last) { scalars.removeLast() }
        return String(String.UnicodeScalarView(scalars))
    }

    /// `strings.Title`: upper-cases the first letter of each word; letters, digits, `_` and
    /// non-space non-ASCII runes join words.
    static func title(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var previous: Unicode.Scalar = " "
        for scalar in text.unicodeScalars {
            if isSeparator(previous), let upper = scalar.properties.titlecaseMapping.unicodeScalars.first,
                scalar.properties.titlecaseMapping.unicodeScalars.count == 1
            {
                out.append(upper)
            } else {
                out.append(scalar)
            }
            previous = scalar
        }
        return String(out)
    }

    private static func isSeparator(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let value = scalar.value
            if (0x30...0x39).contains(value) || (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value) || value == 0x5F {
                return false
            }
            return true
        }
        if scalar.properties.isAlphabetic || scalar.properties.numericType != nil { return false }
        return scalar.properties.isWhitespace
    }
}
