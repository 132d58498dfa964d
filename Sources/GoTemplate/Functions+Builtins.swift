import Foundation

/// Go's predefined template functions.
extension Functions {
    static let builtins: FunctionTable = [
        "and": { var f = GoFunction([.any], variadic: .any) { $0.last ?? .missing }; f.shortCircuit = .and; return f }(),
        "or": { var f = GoFunction([.any], variadic: .any) { $0.last ?? .missing }; f.shortCircuit = .or; return f }(),
        "not": GoFunction([.any]) { .bool(!$0[0].isTrue) },
        "len": GoFunction([.any]) { args in
            let item = args[0]
            if item.isMissing || item.isNilPointer { throw FunctionFailure("len of nil pointer") }
            switch item.data {
            case .string(let text): return .int(text.utf8.count)
            case .list(let items): return .int(items.count)
            case .map(let entries): return .int(entries.count)
            default: throw FunctionFailure("len of type \(item.type)")
            }
        },
        "index": GoFunction([.any], variadic: .any) { try index($0[0], Array($0.dropFirst())) },
        "print": GoFunction([], variadic: .any) { .string(GoFormat.sprint($0)) },
        "println": GoFunction([], variadic: .any) { .string(GoFormat.sprintln($0)) },
        "printf": GoFunction([.string], variadic: .any, budgeted: { args, budget in
            let (format, operands) = (args[0].stringValue ?? "", Array(args.dropFirst()))
            try budget.checkString(bytes: GoFormat.paddingBound(format, operands))
            return .string(GoFormat.sprintf(format, operands))
        }),
        "eq": GoFunction([.any], variadic: .any) { args in
            if args.count < 2 { throw FunctionFailure("missing argument for comparison") }
            for other in args.dropFirst() where try GoCompare.equal(args[0], other) { return .bool(true) }
            return .bool(false)
        },
        "ne": GoFunction([.any, .any]) { .bool(try !GoCompare.equal($0[0], $0[1])) },
        "lt": GoFunction([.any, .any]) { .bool(try GoCompare.less($0[0], $0[1])) },
        "le": GoFunction([.any, .any]) { .bool(try GoCompare.less($0[0], $0[1]) || GoCompare.equal($0[0], $0[1])) },
        "gt": GoFunction([.any, .any]) { .bool(try !(GoCompare.less($0[0], $0[1]) || GoCompare.equal($0[0], $0[1]))) },
        "ge": GoFunction([.any, .any]) { .bool(try !GoCompare.less($0[0], $0[1])) },
        "html": GoFunction([], variadic: .any) { .string(GoEscape.html(escapeArgument($0))) },
        "js": GoFunction([], variadic: .any) { .string(GoEscape.js(escapeArgument($0))) },
        "urlquery": GoFunction([], variadic: .any) { .string(GoEscape.query(escapeArgument($0))) },
    ]

    /// The escapers take one string as is, anything else through `fmt.Sprint`.
    private static func escapeArgument(_ args: [Value]) -> String {
        if args.count == 1, args[0].type == .string, let text = args[0].stringValue { return text }
        return GoFormat.sprint(args)
    }

    private static func index(_ item: Value, _ indexes: [Value]) throws -> Value {
        if item.isMissing { throw FunctionFailure("index of untyped nil") }
        var item = item
        for key in indexes {
            if item.isNilPointer { throw FunctionFailure("index of nil pointer") }
            switch item.data {
            case .list(let items):
                item = item.element(items[try position(key, count: items.count, inclusive: false)])
            case .string(let text):
                let bytes = Array(text.utf8)
                item = Value(.int(Int(bytes[try position(key, count: bytes.count, inclusive: false)])), .uint8)
            case .map(let entries):
                if key.isMissing { throw FunctionFailure("value is nil; should be of type string") }
                guard key.type == .string, let name = key.stringValue else {
                    throw FunctionFailure("value has type \(key.type); should be string")
                }
                item = entries[name].map { item.element($0) } ?? item.elementType.zero
            default:
                throw FunctionFailure("can't index item of type \(item.type)")
            }
        }
        return item
    }

    /// An index argument checked as Go's `indexArg` does.
    private static func position(_ key: Value, count: Int, inclusive: Bool) throws -> Int {
        if key.isMissing { throw FunctionFailure("cannot index slice/array with nil") }
        guard key.type.isInteger, let number = key.intValue else {
            throw FunctionFailure("cannot index slice/array with type \(key.type)")
        }
        if number < 0 || number > count || (!inclusive && number == count) {
            throw FunctionFailure(inclusive || number != count ? "index out of range: \(number)"
                : "reflect: slice index out of range")
        }
        return number
    }
}

/// Go's `eq`/`lt` rules: only basic kinds compare, and kinds must match.
enum GoCompare {
    enum Kind { case invalid, bool, int, float, string, composite }

    static func kind(_ value: Value) -> Kind {
        if value.isMissing { return .invalid }
        switch value.data {
        case .bool: return .bool
        case .int: return .int
        case .float: return .float
        case .string: return .string
        default: return .composite
        }
    }

    static func equal(_ lhs: Value, _ rhs: Value) throws -> Bool {
        let (left, right) = (kind(lhs), kind(rhs))
        if left != right {
            if left != .invalid && right != .invalid && !(lhs.isNilPointer || rhs.isNilPointer) {
                throw FunctionFailure("incompatible types for comparison")
            }
            return lhs.isNilPointer && right == .invalid || rhs.isNilPointer && left == .invalid
        }
        switch left {
        case .invalid: return true
        case .composite:
            if lhs.isNilPointer || rhs.isNilPointer { return lhs.isNilPointer == rhs.isNilPointer }
            if lhs.type != rhs.type { return false }
            throw FunctionFailure("runtime error: comparing uncomparable type \(lhs.type)")
        default: return lhs.data == rhs.data
        }
    }

    static func less(_ lhs: Value, _ rhs: Value) throws -> Bool {
        let (left, right) = (kind(lhs), kind(rhs))
        for side in [left, right] where [.invalid, .composite].contains(side) {
            throw FunctionFailure("invalid type for comparison")
        }
        if left != right { throw FunctionFailure("incompatible types for comparison") }
        switch (lhs.data, rhs.data) {
        case (.int(let a), .int(let b)): return a < b
        case (.float(let a), .float(let b)): return a < b
        case (.string(let a), .string(let b)): return GoOrder.less(a, b)
        default: throw FunctionFailure("invalid type for comparison")
        }
    }
}
