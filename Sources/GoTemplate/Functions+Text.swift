import Foundation

/// sprig's remaining string functions: goutils' `SwapCase`, `Uncapitalize`, `Wrap` and
/// `AbbreviateFull`, xstrings' `ToCamelCase`, and the small wrappers around Go's `strings`.
extension Functions {
    static let sprigText: FunctionTable = [
        "hello": GoFunction([]) { _ in .string("Hello!") },
        "camelcase": GoFunction([.string]) { .string(camelCase(str($0[0]))) },
        "swapcase": GoFunction([.string]) { .string(swapCase(str($0[0]))) },
        "untitle": GoFunction([.string]) { .string(untitle(str($0[0]))) },
        "wrap": GoFunction([.int, .string], budgeted: { args, budget in
            .string(try wrap(str(args[1]), width: args[0].intValue ?? 0, newline: "\n", breakWords: false, budget))
        }),
        "wrapWith": GoFunction([.int, .string, .string], budgeted: { args, budget in
            .string(try wrap(str(args[2]), width: args[0].intValue ?? 0, newline: str(args[1]), breakWords: true, budget))
        }),
        "abbrevboth": GoFunction([.int, .int, .string]) { args in
            let (left, right) = (args[0].intValue ?? 0, args[1].intValue ?? 0)
            if right < 4 || left > 0 && right < 7 { return .string(str(args[2])) }
            return .string(abbreviate(str(args[2]), offset: left, width: right))
        },
        "trimall": GoFunction([.string, .string]) { .string(GoText.trim(str($0[1]), set: str($0[0]))) },
        "splitn": GoFunction([.string, .int, .string]) { args in
            let parts = splitN(str(args[2]), by: str(args[0]), limit: args[1].intValue ?? 0)
            var entries: [String: TemplateValue] = [:]
            for (offset, part) in parts.enumerated() { entries["_\(offset)"] = .string(part) }
            return Value(.map(GoMap(entries)), .map(.string))
        },
        "plural": GoFunction([.string, .string, .int]) { .string(($0[2].intValue ?? 0) == 1 ? str($0[0]) : str($0[1])) },
        "toStrings": GoFunction([.any]) { .strings(strslice($0[0])) },
        "regexQuoteMeta": GoFunction([.string]) { args in
            .string(GoEscape.map(str(args[0])) { "\\.+*?()|[]{}^$".unicodeScalars.contains($0) ? "\\\($0)" : nil })
        },
        "b32enc": GoFunction([.string]) { .string(GoBase32.encode(Array(str($0[0]).utf8))) },
        "b32dec": GoFunction([.string]) { args in
            switch GoBase32.decode(str(args[0])) {
            case .success(let bytes): return .string(GoText.string(bytes))
            case .failure(let offset): return .string("illegal base32 data at input byte \(offset.offset)")
            }
        },
        "adler32sum": GoFunction([.string]) { .string(String(adler32(Array(str($0[0]).utf8)))) },
    ]

    /// Go's `unicode.ToUpper`/`ToLower`/`ToTitle` are one-rune mappings: a scalar whose full
    /// mapping has several (`ß` → `SS`) stays as it is.
    static func mapRune(_ scalar: Unicode.Scalar, _ mapping: (Unicode.Scalar.Properties) -> String) -> Unicode.Scalar {
        let mapped = mapping(scalar.properties).unicodeScalars
        return mapped.count == 1 ? mapped[mapped.startIndex] : scalar
    }

    static func isConnector(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "-" || scalar == "_" || scalar.properties.isWhitespace
    }

    /// xstrings' `ToCamelCase`: connectors (`-`, `_`, space) are dropped and upper-case the rune
    /// after them, runs of connectors keep all but one, the first letter is upper-cased and the
    /// rest lower-cased; leading connectors stay.
    static func camelCase(_ text: String) -> String {
        var scalars = Substring(text).unicodeScalars[...]
        var out = String.UnicodeScalarView()
        var current: Unicode.Scalar?
        while let scalar = scalars.popFirst() {
            if !isConnector(scalar) {
                current = mapRune(scalar, \.uppercaseMapping)
                break
            }
            out.append(scalar)
        }
        // xstrings writes the last rune read once more when all were connectors ("-" → "--").
        guard var r0 = current else { return String(out) + (text.unicodeScalars.last.map { String($0) } ?? "") }
        while let next = scalars.popFirst() {
            let r1 = r0
            r0 = next
            if isConnector(r0) && isConnector(r1) {
                out.append(r1)
                continue
            }
            if isConnector(r1) {
                r0 = mapRune(r0, \.uppercaseMapping)
            } else {
                r0 = mapRune(r0, \.lowercaseMapping)
                out.append(r1)
            }
        }
        out.append(r0)
        return String(out)
    }

    /// goutils' `SwapCase`: upper and title case become lower; lower becomes upper, or title
    /// case at the start of a word.
    static func swapCase(_ text: String) -> String {
        var whitespace = true
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .titlecaseLetter:
                out.append(mapRune(scalar, \.lowercaseMapping))
                whitespace = false
            case .lowercaseLetter:
                out.append(mapRune(scalar, whitespace ? \.titlecaseMapping : \.uppercaseMapping))
                whitespace = false
            default:
                out.append(scalar)
                whitespace = scalar.properties.isWhitespace
            }
        }
        return String(out)
    }

    /// goutils' `Uncapitalize`: the first rune of each space-separated word lower-cased.
    static func untitle(_ text: String) -> String {
        var next = true
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace {
                next = true
                out.append(scalar)
            } else if next {
                out.append(mapRune(scalar, \.lowercaseMapping))
                next = false
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// goutils' `WrapCustom` (bytes, breaking at spaces; `breakWords` cuts longer words). The
    /// result is sized before it is built: at most one `newline` per byte of `text`.
    static func wrap(_ text: String, width: Int, newline: String, breakWords: Bool, _ budget: ExecutionBudget) throws -> String {
        let bytes = Array(text.utf8)
        if bytes.isEmpty { return "" }
        let newline = newline.isEmpty ? Array("\n".utf8) : Array(newline.utf8)
        let width = max(1, width)
        try budget.checkString(bytes: bytes.count + ExecutionBudget.product(bytes.count / width + 1, newline.count))
        let space = UInt8(ascii: " ")
        var out: [UInt8] = []
        var offset = 0
        while bytes.count - offset > width {
            if bytes[offset] == space {
                offset += 1
                continue
            }
            if let wrapAt = bytes[offset...(offset + width)].lastIndex(of: space) {
                out += bytes[offset..<wrapAt] + newline
                offset = wrapAt + 1
            } else if breakWords {
                out += bytes[offset..<(offset + width)] + newline
                offset += width
            } else if let wrapAt = bytes[(offset + width)...].firstIndex(of: space) {
                out += bytes[offset..<wrapAt] + newline
                offset = wrapAt + 1
            } else {
                out += bytes[offset...]
                offset = bytes.count
            }
        }
        out += bytes[offset...]
        return GoText.string(out)
    }

    /// goutils' `AbbreviateFull`, on bytes; its errors (widths below 4, or 7 with an offset)
    /// become "", as sprig ignores them.
    static func abbreviate(_ text: String, offset start: Int, width: Int) -> String {
        let bytes = Array(text.utf8)
        if bytes.isEmpty { return "" }
        if width < 4 { return "" }
        if bytes.count <= width { return text }
        var offset = min(start, bytes.count)
        if bytes.count - offset < width - 3 { offset = bytes.count - (width - 3) }
        if offset <= 4 { return GoText.string(bytes[..<(width - 3)]) + "..." }
        if width < 7 { return "" }
        if offset + width - 3 < bytes.count {
            let rest = Array(bytes[offset...])
            let inner = width - 3 < 4 || rest.count <= width - 3 ? GoText.string(rest) : GoText.string(rest[..<(width - 6)]) + "..."
            return "..." + inner
        }
        return "..." + GoText.string(bytes[(bytes.count - (width - 3))...])
    }

    /// `strings.SplitN`: at most `limit` parts (all when negative, none when 0).
    static func splitN(_ text: String, by separator: String, limit: Int) -> [String] {
        if limit == 0 { return [] }
        let all = GoText.split(text, by: separator)
        if limit < 0 || all.count <= limit { return all }
        let head = all[..<(limit - 1)]
        let tail = all[(limit - 1)...].joined(separator: separator)
        return head + [tail]
    }

    static func adler32(_ bytes: [UInt8]) -> UInt32 {
        var (a, b): (UInt32, UInt32) = (1, 0)
        for chunk in stride(from: 0, to: bytes.count, by: 5552) {
            for byte in bytes[chunk..<min(chunk + 5552, bytes.count)] {
                a += UInt32(byte)
                b += a
            }
            a %= 65521
            b %= 65521
        }
        return b << 16 | a
    }
}
