/// sprig's integer arithmetic and conversions (via spf13/cast, so bad input becomes 0).
extension Functions {
    static let sprigMath: FunctionTable = [
        "atoi": GoFunction([.string]) { .int(Int(str($0[0])) ?? 0) },
        "int": GoFunction([.any]) { .int(toInt64($0[0])) },
        "int64": GoFunction([.any]) { .int64(toInt64($0[0])) },
        "float64": GoFunction([.any]) { .float(toFloat64($0[0])) },
        "add": GoFunction([], variadic: .any) { .int64($0.reduce(0) { $0 &+ toInt64($1) }) },
        "add1": GoFunction([.any]) { .int64(toInt64($0[0]) &+ 1) },
        "sub": GoFunction([.any, .any]) { .int64(toInt64($0[0]) &- toInt64($0[1])) },
        "mul": GoFunction([.any], variadic: .any) { .int64($0.dropFirst().reduce(toInt64($0[0])) { $0 &* toInt64($1) }) },
        "div": GoFunction([.any, .any]) { args in
            let divisor = toInt64(args[1])
            if divisor == 0 { throw FunctionFailure("runtime error: integer divide by zero") }
            return .int64(toInt64(args[0]) / divisor)
        },
        "mod": GoFunction([.any, .any]) { args in
            let divisor = toInt64(args[1])
            if divisor == 0 { throw FunctionFailure("runtime error: integer divide by zero") }
            return .int64(toInt64(args[0]) % divisor)
        },
        "max": GoFunction([.any], variadic: .any) { .int64($0.map(toInt64).max() ?? 0) },
        "min": GoFunction([.any], variadic: .any) { .int64($0.map(toInt64).min() ?? 0) },
    ]

    /// `cast.ToInt64`: numbers truncate, bools are 0/1, strings parse (Go syntax, "1.0" allowed).
    static func toInt64(_ value: Value) -> Int {
        switch value.data {
        case .int(let number): return number
        case .float(let number): return number.isFinite ? Int(exactly: number.rounded(.towardZero)) ?? Int.min : Int.min
        case .bool(let flag): return flag ? 1 : 0
        case .string(let text):
            var trimmed = text
            if let dot = text.firstIndex(of: "."), text[text.index(after: dot)...].allSatisfy({ $0 == "0" }) {
                trimmed = String(text[..<dot])
            }
            return Parser.parseInteger(trimmed) ?? 0
        default: return 0
        }
    }

    /// `cast.ToFloat64`.
    static func toFloat64(_ value: Value) -> Double {
        switch value.data {
        case .int(let number): return Double(number)
        case .float(let number): return number
        case .bool(let flag): return flag ? 1 : 0
        case .string(let text): return Double(text.replacingOccurrences(of: "_", with: "")) ?? 0
        default: return 0
        }
    }
}
