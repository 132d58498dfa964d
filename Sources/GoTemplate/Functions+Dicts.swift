/// sprig's dict and default/flow functions.
extension Functions {
    static let sprigDicts: FunctionTable = [
        "dict": GoFunction([], variadic: .any) { args in
            var entries: [String: TemplateValue] = [:]
            var index = 0
            while index < args.count {
                let key = strval(args[index])
                entries[key] = index + 1 < args.count ? args[index + 1].data : .string("")
                index += 2
            }
            return Value(.map(GoMap(entries)), .map(.any))
        },
        "get": GoFunction([.map(.any), .string]) { args in
            guard case .map(let entries) = args[0].data, let value = entries[str(args[1])] else { return .string("") }
            return Value(dynamic: value)
        },
        "set": GoFunction([.map(.any), .string, .any]) { args in
            // Go's map is changed in place, and the same map returned.
            guard case .map(let map) = args[0].data else { return args[0] }
            map.entries[str(args[1])] = args[2].data
            return args[0]
        },
        "unset": GoFunction([.map(.any), .string]) { args in
            guard case .map(let map) = args[0].data else { return args[0] }
            map.entries[str(args[1])] = nil
            return args[0]
        },
        "hasKey": GoFunction([.map(.any), .string]) { args in
            guard case .map(let entries) = args[0].data else { return .bool(false) }
            return .bool(entries[str(args[1])] != nil)
        },
        "keys": GoFunction([], variadic: .map(.any)) { args in
            var keys: [String] = []
            for dict in args { if case .map(let entries) = dict.data { keys += entries.keys.sorted(by: GoOrder.less) } }
            return .strings(keys)
        },
        "values": GoFunction([.map(.any)]) { args in
            guard case .map(let entries) = args[0].data else { return .list([]) }
            return .list(entries.keys.sorted(by: GoOrder.less).compactMap { entries[$0] })
        },
        "pluck": GoFunction([.string], variadic: .map(.any)) { args in
            let key = str(args[0])
            return .list(args.dropFirst().compactMap { dict in
                if case .map(let entries) = dict.data { return entries[key] }
                return nil
            })
        },
        "default": GoFunction([.any], variadic: .any) { args in
            guard args.count > 1, !isEmpty(args[1]) else { return args[0] }
            return args[1]
        },
        "empty": GoFunction([.any]) { .bool(isEmpty($0[0])) },
        "coalesce": GoFunction([], variadic: .any) { args in args.first { !isEmpty($0) } ?? .missing },
        "ternary": GoFunction([.any, .any, .bool]) { args in
            (args[2].data == .bool(true)) ? args[0] : args[1]
        },
    ]
}
