/// sprig's list builders and dict combinators that ferry added for issue 13 (`tuple`, `seq`,
/// `until`, `chunk`, `concat`, `dig`, `merge`, `pick`, ...). Sizes are checked against the
/// execution's budget before a list is built: `until 1000000000` must fail, not allocate.
extension Functions {
    static let sprigCollections: FunctionTable = [
        "tuple": GoFunction([], variadic: .any) { .list($0.map(\.data)) },
        "until": GoFunction([.int], budgeted: { args, budget in
            let count = args[0].intValue ?? 0
            return try intList(untilStep(0, count, count < 0 ? -1 : 1, budget))
        }),
        "untilStep": GoFunction([.int, .int, .int], budgeted: { args, budget in
            try intList(untilStep(args[0].intValue ?? 0, args[1].intValue ?? 0, args[2].intValue ?? 0, budget))
        }),
        "seq": GoFunction([], variadic: .int, budgeted: { args, budget in
            .string(try seq(args.map { $0.intValue ?? 0 }, budget).map(String.init).joined(separator: " "))
        }),
        "chunk": GoFunction([.int, .any], budgeted: { try chunk($0, $1) }),
        "concat": GoFunction([], variadic: .any, budgeted: { args, budget in
            var items: [TemplateValue] = []
            for list in args {
                guard case .list(let elements) = list.data else {
                    if list.isMissing { throw FunctionFailure("runtime error: invalid memory address or nil pointer dereference") }
                    throw FunctionFailure("Cannot concat type \(kindName(list)) as list")
                }
                try budget.checkElements(count: items.count + elements.count)
                items += elements
            }
            return .list(items)
        }),
        "all": GoFunction([], variadic: .any) { .bool($0.allSatisfy { !isEmpty($0) }) },
        "any": GoFunction([], variadic: .any) { .bool($0.contains { !isEmpty($0) }) },
        "dig": GoFunction([], variadic: .any) { try dig($0) },
        "pick": GoFunction([.map(.any)], variadic: .string) { args in
            guard case .map(let entries) = args[0].data else { return Value(.map([:]), .map(.any)) }
            var picked: [String: TemplateValue] = [:]
            for key in args.dropFirst().map(str) { picked[key] = entries[key] }
            return Value(.map(GoMap(picked)), .map(.any))
        },
        "omit": GoFunction([.map(.any)], variadic: .string) { args in
            guard case .map(let map) = args[0].data else { return Value(.map([:]), .map(.any)) }
            var entries = map.entries
            for key in args.dropFirst().map(str) { entries[key] = nil }
            return Value(.map(GoMap(entries)), .map(.any))
        },
        "merge": GoFunction([.map(.any)], variadic: .map(.any), budgeted: { try merge($0, overwrite: false, $1) }),
        "mergeOverwrite": GoFunction([.map(.any)], variadic: .map(.any), budgeted: { try merge($0, overwrite: true, $1) }),
        // Maps are shared, so the copy gets maps of its own all the way down.
        "deepCopy": GoFunction([.any]) { args in
            if args[0].isMissing { throw FunctionFailure("reflect: call of reflect.Value.Type on zero Value") }
            return Value(args[0].data.deepCopy, args[0].type)
        },
    ]

    static func intList(_ numbers: [Int]) -> Value { Value(.list(numbers.map { .int($0) }), .slice(.int)) }

    /// sprig's `untilStep`: an empty list when `step` points away from `stop`.
    static func untilStep(_ start: Int, _ stop: Int, _ step: Int, _ budget: ExecutionBudget) throws -> [Int] {
        guard stop < start ? step < 0 : step > 0 else { return [] }
        let distance = stop < start ? start.subtractingReportingOverflow(stop) : stop.subtractingReportingOverflow(start)
        let count = distance.overflow ? UInt.max : UInt(max(0, distance.partialValue - 1)) / step.magnitude + 1
        try budget.checkElements(count: Int(clamping: count))
        // Go's `i += step` would wrap around past the largest int; stopping there is kinder.
        var numbers: [Int] = []
        var current = start
        while step > 0 ? current < stop : current > stop {
            numbers.append(current)
            let (next, overflow) = current.addingReportingOverflow(step)
            if overflow { break }
            current = next
        }
        return numbers
    }

    /// sprig's `seq`: like GNU seq (`seq 3`, `seq 2 5`, `seq 0 2 10`); bad arities give "".
    private static func seq(_ params: [Int], _ budget: ExecutionBudget) throws -> [Int] {
        switch params.count {
        case 1:
            let increment = params[0] < 1 ? -1 : 1
            return try untilStep(1, params[0] &+ increment, increment, budget)
        case 2:
            let step = params[1] < params[0] ? -1 : 1
            return try untilStep(params[0], params[1] &+ step, step, budget)
        case 3:
            let (start, step, end) = (params[0], params[1], params[2])
            let increment = end < start ? -1 : 1
            if end < start && step > 0 { return [] }
            return try untilStep(start, end &+ increment, step, budget)
        default:
            return []
        }
    }

    /// sprig's `chunk`, Go's float arithmetic and panics included (a size below 1 mostly panics).
    private static func chunk(_ args: [Value], _ budget: ExecutionBudget) throws -> Value {
        let size = args[0].intValue ?? 0
        let items = try elements(args[1], "chunk")
        let makeslice = FunctionFailure("runtime error: makeslice: len out of range")
        let count = (Double(items.count - 1) / Double(size)).rounded(.down) + 1
        guard count.isFinite, count >= 0 else { throw makeslice }
        try budget.checkElements(count: Int(count))
        var chunks: [TemplateValue] = []
        for index in 0..<Int(count) {
            var length = size
            if index == Int(count) - 1 {
                length = Int(Double(items.count).truncatingRemainder(dividingBy: Double(size)).rounded(.down))
                if length == 0 { length = size }
            }
            guard length >= 0 else { throw makeslice }
            let start = index * size
            guard start + length <= items.count else {
                throw FunctionFailure("reflect: slice index out of range")
            }
            chunks.append(.list(items[start..<(start + length)].map(\.data)))
        }
        return Value(.list(chunks), .slice(.slice(.any)))
    }

    /// sprig's `dig KEY... DEFAULT DICT`, with its type assertions' panics.
    private static func dig(_ args: [Value]) throws -> Value {
        guard args.count >= 3 else { throw FunctionFailure("dig needs at least three arguments") }
        var current = try assertMap(args[args.count - 1])
        let fallback = args[args.count - 2]
        let keys = args[..<(args.count - 2)]
        for (offset, key) in keys.enumerated() {
            guard key.type == .string, let name = key.stringValue else {
                throw FunctionFailure("interface conversion: interface {} is \(typeName(key).replacingOccurrences(of: "<nil>", with: "nil")), not string")
            }
            guard let step = current[name] else { return fallback }
            if offset == keys.count - 1 { return Value(dynamic: step) }
            current = try assertMap(Value(dynamic: step))
        }
        return fallback
    }

    private static func assertMap(_ value: Value) throws -> GoMap {
        guard value.type == .map(.any), case .map(let entries) = value.data else {
            let type = value.isMissing ? "nil" : "\(value.type)"
            throw FunctionFailure("interface conversion: interface {} is \(type), not map[string]interface {}")
        }
        return entries
    }

    /// mergo's `Merge` (and `MergeWithOverwrite`) of `map[string]interface{}` values, in place: the
    /// destination is changed and returned. Nested maps merge key by key into the destination's
    /// own nested map; otherwise a key is set when missing or empty in the destination (always,
    /// when overwriting), except that a non-empty destination value is kept against a map or
    /// slice, and a nil source value only overwrites. A map set this way is the source's own, not
    /// a copy, as in Go.
    private static func merge(_ args: [Value], overwrite: Bool, _ budget: ExecutionBudget) throws -> Value {
        guard case .map(let destination) = args[0].data else { return args[0] }
        for source in args.dropFirst() {
            if case .map(let entries) = source.data {
                try mergeMaps(destination, entries, overwrite: overwrite, depth: 1, limit: budget.limits.maxValueDepth)
            }
        }
        return args[0]
    }

    /// Go recurses without a limit (and a map that holds itself overflows its stack); ferry stops
    /// at the nesting limit of results.
    private static func mergeMaps(_ destination: GoMap, _ source: GoMap, overwrite: Bool, depth: Int, limit: Int) throws {
        if depth > limit { throw FunctionFailure("merge nests deeper than the limit of \(limit) levels") }
        for (key, value) in source.entries {
            let existing = destination.entries[key]
            switch value {
            case .none:
                if overwrite { destination.entries[key] = TemplateValue.none }
                continue
            case .map(let inner):
                if case .map(let current)? = existing {
                    try mergeMaps(current, inner, overwrite: overwrite, depth: depth + 1, limit: limit)
                }
            case .list:
                // mergo sets a slice here when overwriting or when the destination map is empty.
                if overwrite || destination.entries.isEmpty { destination.entries[key] = value }
            default: break
            }
            // Emptiness is judged after the nested merge, which may have filled an empty map.
            let kept = destination.entries[key].map { !isEmpty(Value(dynamic: $0)) } ?? false
            switch value {
            case .map, .list: if kept { continue }
            default: break
            }
            if overwrite || !kept { destination.entries[key] = value }
        }
    }
}
