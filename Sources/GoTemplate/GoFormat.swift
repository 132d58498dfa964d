/// Go's `fmt.Sprint`, `Sprintln` and `Sprintf` over template values, including its
/// `%!verb(type=value)`, `%!verb(MISSING)` and `%!(EXTRA …)` reports.
enum GoFormat {
    /// Flags, width and precision of one `%` directive.
    struct Spec {
        var minus = false, plus = false, sharp = false, space = false, zero = false
        var width: Int?
        var precision: Int?
    }

    /// `fmt.Sprint`: a space between operands when neither is a string.
    static func sprint(_ args: [Value]) -> String {
        var out = ""
        for (offset, arg) in args.enumerated() {
            if offset > 0 && !isString(arg) && !isString(args[offset - 1]) { out += " " }
            out += GoPrinter.format(arg, depth: 0)
        }
        return out
    }

    static func sprintln(_ args: [Value]) -> String {
        args.map { GoPrinter.format($0, depth: 0) }.joined(separator: " ") + "\n"
    }

    static func isString(_ value: Value) -> Bool { !value.isMissing && value.type.isStringKind }

    static func sprintf(_ format: String, _ args: [Value]) -> String {
        var out = ""
        var chars = Array(format)
        var index = 0
        var argIndex = 0
        chars.append("\0")  // sentinel so look-ahead never runs off the end
        let end = chars.count - 1
        while index < end {
            let char = chars[index]
            index += 1
            guard char == "%" else {
                out.append(char)
                continue
            }
            var spec = Spec()
            flags: while index < end {
                switch chars[index] {
                case "-": spec.minus = true; spec.zero = false
                case "+": spec.plus = true
                case "#": spec.sharp = true
                case " ": spec.space = true
                case "0": spec.zero = !spec.minus
                default: break flags
                }
                index += 1
            }
            if index < end, chars[index] == "*" {
                index += 1
                spec.width = starArgument(args, &argIndex)
                if spec.width == nil { out += "%!(BADWIDTH)" }
                if let width = spec.width, width < 0 {
                    spec.width = -width
                    spec.minus = true
                    spec.zero = false
                }
            } else {
                spec.width = digits(chars, &index, end)
            }
            if index < end, chars[index] == "." {
                index += 1
                if index < end, chars[index] == "*" {
                    index += 1
                    spec.precision = starArgument(args, &argIndex).flatMap { $0 < 0 ? nil : $0 }
                    if spec.precision == nil { out += "%!(BADPREC)" }
                } else {
                    spec.precision = digits(chars, &index, end) ?? 0
                }
            }
            guard index < end else {
                out += "%!(NOVERB)"
                break
            }
            let verb = chars[index]
            index += 1
            if verb == "%" {
                out += "%"
                continue
            }
            guard argIndex < args.count else {
                out += "%!\(verb)(MISSING)"
                continue
            }
            out += formatArg(args[argIndex], verb: verb, spec: spec)
            argIndex += 1
        }
        if argIndex < args.count {
            let extra = args[argIndex...].map { arg in
                arg.isMissing ? "<nil>" : "\(arg.type)=\(GoPrinter.format(arg, depth: 0))"
            }
            out += "%!(EXTRA " + extra.joined(separator: ", ") + ")"
        }
        return out
    }

    /// Go's `tooLarge`: fmt refuses widths and precisions past a million, which also bounds
    /// the padding one directive can make.
    static func tooLarge(_ number: Int) -> Bool { number > 1_000_000 || number < -1_000_000 }

    /// Go's `parsenum`: the digits at `index`; a number that grows too large consumes the
    /// rest of the format (Go then reports `%!(NOVERB)`).
    private static func digits(_ chars: [Character], _ index: inout Int, _ end: Int) -> Int? {
        var number: Int?
        while index < end, chars[index].isASCII, let digit = chars[index].wholeNumberValue {
            if tooLarge(number ?? 0) {
                index = end
                return nil
            }
            number = (number ?? 0) * 10 + digit
            index += 1
        }
        return number
    }

    /// Go's `intFromArg`: a `*` width or precision from the next argument; nil when it is not
    /// an integer or too large (Go prints `%!(BADWIDTH)` / `%!(BADPREC)`).
    private static func starArgument(_ args: [Value], _ argIndex: inout Int) -> Int? {
        guard argIndex < args.count else { return nil }
        defer { argIndex += 1 }
        guard args[argIndex].type.isInteger, let value = args[argIndex].intValue, !tooLarge(value) else { return nil }
        return value
    }

    static func pad(_ text: String, _ spec: Spec, zeroAllowed: Bool = true) -> String {
        guard let width = spec.width, text.count < width else { return text }
        let fill = width - text.count
        if spec.minus { return text + String(repeating: " ", count: fill) }
        if spec.zero && zeroAllowed {
            if let sign = text.first, "+- ".contains(sign), text.count > 1 {
                return String(sign) + String(repeating: "0", count: fill) + text.dropFirst()
            }
            return String(repeating: "0", count: fill) + text
        }
        return String(repeating: " ", count: fill) + text
    }

    /// `%!verb(type=value)`, the value printed with `%v` under the directive's width and precision.
    static func badVerb(_ value: Value, _ verb: Character, _ spec: Spec = Spec()) -> String {
        if value.isMissing { return "%!\(verb)(<nil>)" }
        return "%!\(verb)(\(value.type)=\(formatArg(value, verb: "v", spec: spec)))"
    }

    /// One argument under one verb; composites apply the verb to each element.
    static func formatArg(_ value: Value, verb: Character, spec: Spec, depth: Int = 0) -> String {
        if verb == "T" { return pad(value.isMissing ? "<nil>" : "\(value.type)", spec) }
        if value.isMissing || value.isNilPointer {
            return verb == "v" ? pad("<nil>", spec) : (depth > 0 ? "<nil>" : badVerb(value, verb))
        }
        if "vsqxX".contains(verb), let text = GoPrinter.stringer(value) { return GoFormat.string(text, .string(text), verb, spec) }
        switch value.data {
        case .none: return "<nil>"
        case .bool(let flag):
            return verb == "t" || verb == "v" ? pad(flag ? "true" : "false", spec) : badVerb(value, verb, spec)
        case .int(let number): return GoFormat.integer(number, value, verb, spec)
        case .float(let number): return GoFormat.float(number, value, verb, spec)
        case .string(let text): return GoFormat.string(text, value, verb, spec)
        case .list(let items):
            if value.elementType == .uint8, "sqxX".contains(verb) {
                let text = String(decoding: items.compactMap { $0.intAsByte }, as: UTF8.self)
                return GoFormat.string(text, .string(text), verb, spec)
            }
            return "[" + items.map { formatArg(value.element($0), verb: verb, spec: spec, depth: depth + 1) }
                .joined(separator: " ") + "]"
        case .map(let entries):
            let pairs = entries.keys.sorted(by: GoOrder.less).map { key in
                formatArg(.string(key), verb: verb, spec: spec, depth: depth + 1) + ":"
                    + formatArg(value.element(entries[key] ?? .none), verb: verb, spec: spec, depth: depth + 1)
            }
            return "map[" + pairs.joined(separator: " ") + "]"
        case .structure(_, let fields):
            if case .pointer = value.type, depth > 0 { return "0xc000010000" }
            let body = fields.map { field in
                (spec.plus && verb == "v" ? field.name + ":" : "")
                    + formatArg(Value(field.value, field.type ?? .any), verb: verb, spec: spec, depth: depth + 1)
            }
            let prefix: String = if case .pointer = value.type { "&" } else { "" }
            return prefix + "{" + body.joined(separator: " ") + "}"
        }
    }
}

extension TemplateValue {
    var intAsByte: UInt8? {
        if case .int(let number) = self { return UInt8(truncatingIfNeeded: number) }
        return nil
    }
}
