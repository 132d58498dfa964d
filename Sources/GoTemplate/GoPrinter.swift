/// Go's `fmt.Sprint` rendering of values (`%v`), which is what `{{…}}` prints.
enum GoPrinter {
    /// What an action prints: a missing value is `<no value>`; a pointer prints as what it points to.
    static func print(_ value: Value) -> String {
        if value.isMissing { return "<no value>" }
        if case .pointer(let name) = value.type, !value.isNilPointer {
            return format(Value(value.data, .structure(name)), depth: 0)
        }
        return format(value, depth: 0)
    }

    /// `%v` of a value nested at `depth` (0 = the argument itself).
    static func format(_ value: Value, depth: Int) -> String {
        if value.isNilPointer || value.isMissing { return "<nil>" }
        if let text = stringer(value) { return text }
        switch value.data {
        case .none: return "<nil>"
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let number): return String(number)
        case .float(let number): return GoFloat.format(number, verb: "g", precision: nil)
        case .string(let text): return text
        case .list(let items):
            return "[" + items.map { format(value.element($0), depth: depth + 1) }.joined(separator: " ") + "]"
        case .map(let entries):
            let pairs = entries.keys.sorted(by: GoOrder.less).map { key in
                key + ":" + format(value.element(entries[key] ?? .none), depth: depth + 1)
            }
            return "map[" + pairs.joined(separator: " ") + "]"
        case .structure(_, let fields):
            if case .pointer = value.type, depth > 0 { return "0xc000010000" }
            let body = "{" + fields.map { format(Value($0.value, $0.type ?? .any), depth: depth + 1) }
                .joined(separator: " ") + "}"
            if case .pointer = value.type { return "&" + body }
            return body
        }
    }

    /// What a value's `String` method returns, for the types that have one (fmt prints them so).
    static func stringer(_ value: Value) -> String? {
        if case .structure(SemanticVersion.typeName, let fields) = value.data { return SemanticVersion.display(fields) }
        return GoTime(value)?.string
    }
}
