import Foundation

/// sprig's string functions (Masterminds/sprig v3), argument order and all: the string being
/// worked on comes last so it can be piped in.
extension Functions {
    static let sprigStrings: FunctionTable = [
        "trim": GoFunction([.string]) { .string(str($0[0]).trimmingCharacters(in: GoText.space)) },
        "trimAll": GoFunction([.string, .string]) { .string(GoText.trim(str($0[1]), set: str($0[0]))) },
        "trimPrefix": GoFunction([.string, .string]) { args in
            let (prefix, text) = (str(args[0]), str(args[1]))
            return .string(text.hasPrefix(prefix) ? String(text.dropFirst(prefix.count)) : text)
        },
        "trimSuffix": GoFunction([.string, .string]) { args in
            let (suffix, text) = (str(args[0]), str(args[1]))
            return .string(text.hasSuffix(suffix) ? String(text.dropLast(suffix.count)) : text)
        },
        "hasPrefix": GoFunction([.string, .string]) { .bool(GoText.hasPrefix(str($0[1]), str($0[0]))) },
        "hasSuffix": GoFunction([.string, .string]) { .bool(GoText.hasSuffix(str($0[1]), str($0[0]))) },
        "contains": GoFunction([.string, .string]) { .bool(str($0[0]).isEmpty || str($0[1]).contains(str($0[0]))) },
        "replace": GoFunction([.string, .string, .string], budgeted: { args, budget in
            let (old, new, text) = (str(args[0]), str(args[1]), str(args[2]))
            // At most one replacement per byte of `text` (around every rune when `old` is empty).
            let growth = max(0, new.utf8.count - old.utf8.count)
            let places = old.isEmpty ? text.unicodeScalars.count + 1 : text.utf8.count / old.utf8.count
            try budget.checkString(bytes: text.utf8.count + ExecutionBudget.product(places, growth))
            return .string(GoText.replace(text, old, with: new))
        }),
        "lower": GoFunction([.string]) { .string(str($0[0]).lowercased()) },
        "upper": GoFunction([.string]) { .string(str($0[0]).uppercased()) },
        "title": GoFunction([.string]) { .string(GoText.title(str($0[0]))) },
        "repeat": GoFunction([.int, .string], budgeted: { args, budget in
            let count = args[0].intValue ?? 0
            if count < 0 { throw FunctionFailure("strings: negative Repeat count") }
            try budget.checkString(bytes: ExecutionBudget.product(count, str(args[1]).utf8.count))
            return .string(String(repeating: str(args[1]), count: count))
        }),
        "substr": GoFunction([.int, .int, .string]) { try substr($0) },
        "trunc": GoFunction([.int, .string]) { args in
            let (count, bytes) = (args[0].intValue ?? 0, Array(str(args[1]).utf8))
            if count < 0 && bytes.count + count > 0 { return .string(GoText.string(bytes[(bytes.count + count)...])) }
            if count >= 0 && bytes.count > count { return .string(GoText.string(bytes[..<count])) }
            return .string(str(args[1]))
        },
        "abbrev": GoFunction([.int, .string]) { args in
            let (width, text) = (args[0].intValue ?? 0, str(args[1]))
            let bytes = Array(text.utf8)
            if width < 4 || bytes.count <= width { return .string(text) }
            return .string(GoText.string(bytes[..<(width - 3)]) + "...")
        },
        "nospace": GoFunction([.string]) { .string(String(str($0[0]).unicodeScalars.filter { !$0.properties.isWhitespace }.map(Character.init))) },
        "initials": GoFunction([.string]) { args in
            let words = str(args[0]).split(whereSeparator: { $0.isWhitespace })
            return .string(String(words.compactMap(\.first)))
        },
        "split": GoFunction([.string, .string]) { args in
            let parts = GoText.split(str(args[1]), by: str(args[0]))
            var entries: [String: TemplateValue] = [:]
            for (offset, part) in parts.enumerated() { entries["_\(offset)"] = .string(part) }
            return Value(.map(GoMap(entries)), .map(.string))
        },
        "splitList": GoFunction([.string, .string]) { .strings(GoText.split(str($0[1]), by: str($0[0]))) },
        "join": GoFunction([.string, .any], budgeted: { args, budget in
            let (separator, parts) = (str(args[0]), strslice(args[1]))
            let size = parts.reduce(0) { $0 + $1.utf8.count }
                + ExecutionBudget.product(max(0, parts.count - 1), separator.utf8.count)
            try budget.checkString(bytes: size)
            return .string(parts.joined(separator: separator))
        }),
        "toString": GoFunction([.any]) { .string(strval($0[0])) },
        "quote": GoFunction([], variadic: .any) { args in
            .string(args.filter { !$0.isMissing }.map { GoQuote.quote(strval($0)) }.joined(separator: " "))
        },
        "squote": GoFunction([], variadic: .any) { args in
            .string(args.filter { !$0.isMissing }.map { "'" + strval($0) + "'" }.joined(separator: " "))
        },
        "cat": GoFunction([], variadic: .any) { args in
            .string(args.filter { !$0.isMissing }.map { GoPrinter.format($0, depth: 0) }.joined(separator: " "))
        },
        "indent": GoFunction([.int, .string], budgeted: { .string(try indent($0, $1)) }),
        "nindent": GoFunction([.int, .string], budgeted: { .string("\n" + (try indent($0, $1))) }),
    ]

    static func str(_ value: Value) -> String { value.stringValue ?? "" }

    /// sprig's `strval`: strings as they are, everything else as `%v`.
    static func strval(_ value: Value) -> String {
        if value.type.elementTypeIsByte, case .list(let items) = value.data {
            return String(decoding: items.compactMap(\.intAsByte), as: UTF8.self)
        }
        return GoPrinter.format(value, depth: 0)
    }

    /// sprig's `strslice`: a list's non-nil elements as strings; a scalar as a one-element list.
    static func strslice(_ value: Value) -> [String] {
        if value.isMissing { return [] }
        if case .list(let items) = value.data {
            return items.map { value.element($0) }.filter { !$0.isMissing }.map(strval)
        }
        return [strval(value)]
    }

    /// sprig's `indent`: the padding goes before every line, so it is sized before it is built.
    private static func indent(_ args: [Value], _ budget: ExecutionBudget) throws -> String {
        let (width, text) = (max(0, args[0].intValue ?? 0), str(args[1]))
        let lines = text.utf8.count { $0 == UInt8(ascii: "\n") } + 1
        try budget.checkString(bytes: text.utf8.count + 1 + ExecutionBudget.product(lines, width))
        let pad = String(repeating: " ", count: width)
        return pad + text.replacingOccurrences(of: "\n", with: "\n" + pad)
    }

    private static func substr(_ args: [Value]) throws -> Value {
        let (start, end) = (args[0].intValue ?? 0, args[1].intValue ?? 0)
        let bytes = Array(str(args[2]).utf8)
        func outOfRange(_ index: Int) -> FunctionFailure {
            FunctionFailure("runtime error: slice bounds out of range [\(index):\(bytes.count)]")
        }
        if start < 0 {
            guard end >= 0, end <= bytes.count else { throw outOfRange(end) }
            return .string(GoText.string(bytes[..<end]))
        }
        if end < 0 || end > bytes.count {
            guard start <= bytes.count else { throw outOfRange(start) }
            return .string(GoText.string(bytes[start...]))
        }
        guard start <= end else { throw FunctionFailure("runtime error: slice bounds out of range [\(start):\(end)]") }
        return .string(GoText.string(bytes[start..<end]))
    }
}

extension GoType {
    var elementTypeIsByte: Bool { self == .slice(.uint8) }
}
