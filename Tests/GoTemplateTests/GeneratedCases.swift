import TestSupport

/// Seeded random templates combining constructs, values and functions, so the oracle also
/// checks combinations nobody wrote by hand. The seed is fixed: failures reproduce.
enum GeneratedCases {
    /// The suite's one seeded generator (the fuzz tests draw from it too).
    typealias Generator = SplitMix

    static let operands = [
        ".name", ".count", ".pi", ".big", ".small", ".neg", ".flag", ".off", ".empty", ".nothing", ".missing",
        ".list", ".nums", ".mixed", ".map", ".map.a", ".map.c", ".emptyList", ".emptyMap", ".ref", ".words",
        ".csv", ".num", ".items", "$", "\"str\"", "\"\"", "1", "0", "-3", "2.5", "1e3", "true", "false", "'x'",
        "(index .list 1)", "(len .list)", "(list 1 2)", "(dict \"k\" .count)", "(add 1 2)", "(splitList \",\" .csv)",
    ]

    static let filters = [
        "upper", "lower", "len", "print", "toString", "quote", "squote", "toJson", "not", "empty", "first", "last",
        "default \"d\"", "printf \"%v\"", "printf \"%d\"", "printf \"%s\"", "printf \"%q\"", "printf \"%x\"",
        "printf \"%5.1f\"", "printf \"%T\"", "title", "trim", "add1", "int", "float64", "int64", "html", "js",
        "urlquery", "println", "sortAlpha", "reverse", "uniq", "compact", "rest", "initial", "b64enc",
        "sha1sum", "trunc 3", "abbrev 5", "indent 2", "repeat 2", "hasPrefix \"re\"", "contains \"a\"",
        "splitList \"b\"", "join \"+\"", "regexFind \"[a-z]+\"", "cat \"x\"", "list", "keys", "coalesce 0",
        "ternary 1 2", "toPrettyJson", "nospace", "Repository", "Tag", "eq 3", "ne \"str\"", "lt 2",
        "index .list", "slice \"abc\"", "append .list", "has \"a\"", "mul 2", "sub 10", "max 4", "min 1",
    ]

    static func operand(_ random: inout Generator) -> String { random.pick(operands) }

    static func expression(_ random: inout Generator, depth: Int = 0) -> String {
        var text = operand(&random)
        for _ in 0..<Int(random.next() % 3) where depth < 2 {
            text += " | " + random.pick(filters)
        }
        if random.chance(15) && depth < 2 { text = "(" + text + ")" + (random.chance(30) ? ".a" : "") }
        return text
    }

    static func construct(_ random: inout Generator, depth: Int) -> String {
        let inner = depth < 2 ? body(&random, depth: depth + 1) : "{{.}}"
        let x = expression(&random, depth: 1)
        let y = operand(&random)
        let dash = random.chance(30) ? "- " : ""
        let dashRight = random.chance(30) ? " -" : ""
        switch random.next() % 14 {
        case 0, 1: return "{{\(dash)\(expression(&random))\(dashRight)}}"
        case 2: return "{{if \(x)}}T\(inner){{else}}F{{end}}"
        case 3: return "{{if \(x)}}a{{else if \(y)}}b\(inner){{end}}"
        case 4: return "{{range $i, $v := \(x)}}{{$i}}:{{$v}},\(inner){{else}}E{{end}}"
        case 5: return "{{range \(x)}}<{{.}}>{{if eq (printf \"%v\" .) \"b\"}}{{break}}{{end}}{{end}}"
        case 6: return "{{with \(x)}}<{{.}}>\(inner){{else}}W{{end}}"
        case 7: return "{{\(random.pick(["eq", "ne", "lt", "le", "gt", "ge", "and", "or"])) \(x) \(y)}}"
        case 8: return "{{printf \"%v-%v|%d\" \(x) \(y)}}"
        case 9: return "{{$v := \(x)}}[{{$v}}]{{$v = \(y)}}[{{$v}}]"
        case 10: return "{{index \(x) \(random.pick(["0", "1", "\"a\"", "5", ".count"]))}}"
        case 11: return "{{define \"g\"}}({{.}}){{end}}{{template \"g\" \(x)}}"
        case 12: return "\n  {{\(dash)\(x)\(dashRight)}}  \n"
        default: return "{{\(random.pick(filters)) \(y)}}"
        }
    }

    static func body(_ random: inout Generator, depth: Int) -> String {
        (0..<(1 + Int(random.next() % 2))).map { _ in construct(&random, depth: depth) }.joined(separator: random.pick(["", " ", "\n"]))
    }

    static func cases(count: Int, seed: UInt64 = 20_240_601) -> [OracleCase] {
        var random = Generator(state: seed)
        return (0..<count).map { index in
            OracleCase(name: "gen\(index)", text: body(&random, depth: 0), data: ConformanceCases.data)
        }
    }
}
