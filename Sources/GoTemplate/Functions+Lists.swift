/// sprig's list functions. Lists come back as `[]interface{}` (sortAlpha: `[]string`).
extension Functions {
    static let sprigLists: FunctionTable = [
        "list": GoFunction([], variadic: .any) { .list($0.map(\.data)) },
        "first": GoFunction([.any]) { try elements($0[0], "first").first.map { $0 } ?? .missing },
        "last": GoFunction([.any]) { try elements($0[0], "last").last.map { $0 } ?? .missing },
        "rest": GoFunction([.any]) { args in
            let items = try elements(args[0], "rest")
            return items.isEmpty ? .missing : anyList(Array(items.dropFirst()))
        },
        "initial": GoFunction([.any]) { args in
            let items = try elements(args[0], "initial")
            return items.isEmpty ? .missing : anyList(Array(items.dropLast()))
        },
        "append": GoFunction([.any, .any]) { anyList(try elements($0[0], "push on") + [$0[1]]) },
        "push": GoFunction([.any, .any]) { anyList(try elements($0[0], "push on") + [$0[1]]) },
        "prepend": GoFunction([.any, .any]) { anyList([$0[1]] + (try elements($0[0], "prepend on"))) },
        "reverse": GoFunction([.any]) { anyList(try elements($0[0], "find reverse on").reversed()) },
        // Quadratic, as sprig's is: long lists are stopped by the deadline.
        "uniq": GoFunction([.any], budgeted: { args, budget in
            var seen: [Value] = []
            for (offset, item) in try elements(args[0], "find uniq on").enumerated() {
                if offset & 0x3F == 0 { try budget.checkTime() }
                if !seen.contains(where: { deepEqual($0, item) }) { seen.append(item) }
            }
            return anyList(seen)
        }),
        "compact": GoFunction([.any]) { anyList(try elements($0[0], "compact on").filter { !isEmpty($0) }) },
        "without": GoFunction([.any], variadic: .any) { args in
            let omit = Array(args.dropFirst())
            return anyList(try elements(args[0], "find without on").filter { item in
                !omit.contains { deepEqual($0, item) }
            })
        },
        "has": GoFunction([.any, .any]) { args in
            if args[1].isMissing { return .bool(false) }
            return .bool(try elements(args[1], "find has on").contains { deepEqual($0, args[0]) })
        },
        // sprig replaces Go's builtin `slice`: lists only, indexes through `toInt`.
        "slice": GoFunction([.any], variadic: .any) { args in
            guard case .list(let items) = args[0].data else {
                if args[0].isMissing { throw FunctionFailure("runtime error: invalid memory address or nil pointer dereference") }
                throw FunctionFailure("list should be type of slice or array but \(kindName(args[0]))")
            }
            if items.isEmpty { return .missing }
            let start = args.count > 1 ? toInt64(args[1]) : 0
            let end = args.count > 2 ? toInt64(args[2]) : items.count
            guard start >= 0, start <= end, end <= items.count else {
                throw FunctionFailure("reflect: slice index out of range")
            }
            return Value(.list(Array(items[start..<end])), args[0].type)
        },
        "sortAlpha": GoFunction([.any]) { args in
            if case .list = args[0].data { return .strings(strslice(args[0]).sorted(by: GoOrder.less)) }
            return .strings([strval(args[0])])
        },
    ]

    static func anyList(_ items: [Value]) -> Value { .list(items.map(\.data)) }

    /// The elements of a slice, or sprig's "Cannot VERB type KIND" failure.
    static func elements(_ value: Value, _ verb: String) throws -> [Value] {
        guard case .list(let items) = value.data else {
            if value.isMissing { throw FunctionFailure("runtime error: invalid memory address or nil pointer dereference") }
            throw FunctionFailure("Cannot \(verb) type \(kindName(value))")
        }
        return items.map { value.element($0) }
    }

    /// Go's `reflect.Kind` name of a value.
    static func kindName(_ value: Value) -> String {
        if case .pointer = value.type { return "ptr" }
        switch value.data {
        case .none: return value.isNilPointer ? "ptr" : "invalid"
        case .bool: return "bool"
        case .int: return value.type == .any ? "int" : "\(value.type)"
        case .float: return "float64"
        case .string: return "string"
        case .list: return "slice"
        case .map: return "map"
        case .structure: return "struct"
        }
    }

    /// `reflect.DeepEqual` on template data (types must match too).
    static func deepEqual(_ lhs: Value, _ rhs: Value) -> Bool {
        lhs.type == rhs.type && lhs.data == rhs.data || lhs.isMissing && rhs.isMissing
    }

    /// sprig's `empty`: nil, false, 0, and empty strings, lists and maps; structs never are.
    static func isEmpty(_ value: Value) -> Bool {
        if case .structure = value.data { return false }
        return !value.isTrue
    }
}
