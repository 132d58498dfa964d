import Foundation

/// sprig's `must…` variants. Most return as an error what the plain function panics with, and
/// text/template reports both the same way, so they share the plain function; the ones listed
/// in `sprigMustOwn` differ because the plain function swallows the error.
extension Functions {
    static let sprigMust: FunctionTable = {
        let sources = [sprigLists, sprigCollections, sprigRegex]
        let aliases = [
            "mustAppend": "append", "mustPush": "push", "mustPrepend": "prepend", "mustFirst": "first",
            "mustLast": "last", "mustRest": "rest", "mustInitial": "initial", "mustReverse": "reverse",
            "mustUniq": "uniq", "mustCompact": "compact", "mustWithout": "without", "mustHas": "has",
            "mustSlice": "slice", "mustChunk": "chunk", "mustMerge": "merge", "mustMergeOverwrite": "mergeOverwrite",
            "mustDeepCopy": "deepCopy", "mustRegexFind": "regexFind", "mustRegexFindAll": "regexFindAll",
            "mustRegexReplaceAll": "regexReplaceAll", "mustRegexReplaceAllLiteral": "regexReplaceAllLiteral",
            "mustRegexSplit": "regexSplit",
        ]
        var table = sprigMustOwn
        for (name, plain) in aliases {
            table[name] = sources.lazy.compactMap { $0[plain] }.first
        }
        return table
    }()

    static let sprigMustOwn: FunctionTable = [
        "mustRegexMatch": GoFunction([.string, .string], budgeted: { args, budget in
            try regexMatch(args, budget, strict: true)
        }),
        "toRawJson": GoFunction([.any]) { .string(try rawJSON($0[0])) },
        "mustToRawJson": GoFunction([.any]) { .string(try rawJSON($0[0])) },
        "mustToJson": GoFunction([.any]) { .string(try json($0[0], indent: nil)) },
        "mustToPrettyJson": GoFunction([.any]) { .string(try json($0[0], indent: "  ")) },
        "mustFromJson": GoFunction([.string]) { args in
            do {
                return Value(dynamic: try TemplateValue(json: Data(str(args[0]).utf8)).asGoJSONNumbers)
            } catch {
                throw FunctionFailure("invalid JSON: \(str(args[0]))")
            }
        },
    ]

    /// `json.Marshal`'s output, or its error for what JSON cannot hold (NaN and infinities).
    static func json(_ value: Value, indent: String?) throws -> String {
        if let bad = nonFinite(value.data) {
            throw FunctionFailure("json: unsupported value: \(bad.isNaN ? "NaN" : bad < 0 ? "-Inf" : "+Inf")")
        }
        if hasUnmarshalableTime(value.data) {
            throw FunctionFailure("json: error calling MarshalJSON for type time.Time: Time.MarshalJSON: year outside of range [0,9999]")
        }
        return TemplateJSON.encode(value, indent: indent)
    }

    /// An encoder with `SetEscapeHTML(false)`: `<`, `>` and `&` stay as they are.
    static func rawJSON(_ value: Value) throws -> String {
        let escaped = try json(value, indent: nil)
        var out = ""
        var rest = Substring(escaped)
        while let backslash = rest.firstIndex(of: "\\") {
            out += rest[..<backslash]
            let escape = rest[backslash...].prefix(6)
            switch escape {
            case "\\u003c": out += "<"
            case "\\u003e": out += ">"
            case "\\u0026": out += "&"
            default: out += escape.prefix(escape.hasPrefix("\\u") ? 6 : 2)
            }
            rest = rest[backslash...].dropFirst(escape.hasPrefix("\\u") ? 6 : 2)
        }
        return out + rest
    }

    private static func hasUnmarshalableTime(_ data: TemplateValue) -> Bool {
        switch data {
        case .structure(GoTime.typeName, _): return GoTime(Value(data, .structure(GoTime.typeName)))?.rfc3339Nano == nil
        case .list(let items): return items.contains(where: hasUnmarshalableTime)
        case .map(let entries): return entries.values.contains(where: hasUnmarshalableTime)
        case .structure(_, let fields): return fields.contains { hasUnmarshalableTime($0.value) }
        default: return false
        }
    }

    private static func nonFinite(_ data: TemplateValue) -> Double? {
        switch data {
        case .float(let number): return number.isFinite ? nil : number
        case .list(let items): return items.lazy.compactMap(nonFinite).first
        case .map(let entries): return entries.values.lazy.compactMap(nonFinite).first
        case .structure(_, let fields): return fields.lazy.compactMap { nonFinite($0.value) }.first
        default: return nil
        }
    }
}
