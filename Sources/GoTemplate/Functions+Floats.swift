import Foundation

/// sprig's float arithmetic. `addf`, `subf`, `mulf` and `divf` go through shopspring/decimal as
/// sprig's do, so `addf 0.1 0.2` is 0.3, and `divf` rounds to 16 decimal places.
extension Functions {
    static let sprigFloats: FunctionTable = [
        "addf": GoFunction([], variadic: .any) { .float(try decimalFold([.float(0)] + $0, .add)) },
        "add1f": GoFunction([.any]) { .float(try decimalFold([$0[0], .int(1)], .add)) },
        "subf": GoFunction([.any], variadic: .any) { .float(try decimalFold($0, .subtract)) },
        "mulf": GoFunction([.any], variadic: .any) { .float(try decimalFold($0, .multiply)) },
        "divf": GoFunction([.any], variadic: .any) { .float(try decimalFold($0, .divide)) },
        "biggest": GoFunction([.any], variadic: .any) { .int64($0.map(toInt64).max() ?? 0) },
        "maxf": GoFunction([.any], variadic: .any) { .float($0.dropFirst().map(toFloat64).reduce(toFloat64($0[0]), goMax)) },
        "minf": GoFunction([.any], variadic: .any) { .float($0.dropFirst().map(toFloat64).reduce(toFloat64($0[0]), goMin)) },
        "floor": GoFunction([.any]) { .float(toFloat64($0[0]).rounded(.down)) },
        "ceil": GoFunction([.any]) { .float(toFloat64($0[0]).rounded(.up)) },
        "round": GoFunction([.any, .int], variadic: .float64) { args in
            let roundOn = args.count > 2 ? toFloat64(args[2]) : 0.5
            let power = pow(10, Double(args[1].intValue ?? 0))
            let scaled = power * toFloat64(args[0])
            let fraction = scaled - scaled.rounded(.towardZero)
            return .float((fraction >= roundOn ? scaled.rounded(.up) : scaled.rounded(.down)) / power)
        },
        // `strconv.ParseInt(fmt.Sprint(v), 8, 64)`, 0 when that fails.
        "toDecimal": GoFunction([.any]) { .int64(Int(GoPrinter.format($0[0], depth: 0), radix: 8) ?? 0) },
    ]

    enum DecimalOperation {
        case add, subtract, multiply, divide

        func apply(_ lhs: Decimal, _ rhs: Decimal) -> Decimal {
            switch self {
            case .add: return lhs + rhs
            case .subtract: return lhs - rhs
            case .multiply: return lhs * rhs
            case .divide:
                // shopspring's `Div` rounds half away from zero to 16 decimal places.
                var quotient = lhs / rhs
                var rounded = Decimal()
                NSDecimalRound(&rounded, &quotient, 16, .plain)
                return rounded
            }
        }

        func apply(_ lhs: Double, _ rhs: Double) -> Double {
            switch self {
            case .add: return lhs + rhs
            case .subtract: return lhs - rhs
            case .multiply: return lhs * rhs
            case .divide: return lhs / rhs
            }
        }
    }

    /// Folds the arguments (through `cast.ToFloat64`) with a decimal operation, as sprig's
    /// `execDecimalOp`. Foundation's `Decimal` holds 38 digits, enough for the exact sum or
    /// product of two doubles' shortest forms; past its exponent range (about 1e±120) the
    /// fold is done in binary floating point instead.
    private static func decimalFold(_ args: [Value], _ operation: DecimalOperation) throws -> Double {
        let numbers = args.map(toFloat64)
        if let bad = numbers.first(where: { !$0.isFinite }) {
            throw FunctionFailure("Cannot create a Decimal from \(GoFloat.shortest(bad))")
        }
        if operation == .divide, numbers.dropFirst().contains(0) { throw FunctionFailure("decimal division by zero") }
        let decimals = numbers.compactMap(decimal)
        if decimals.count == numbers.count {
            let result = decimals.dropFirst().reduce(decimals[0], operation.apply)
            if !result.isNaN, let number = Double(result.description) { return number }
        }
        return numbers.dropFirst().reduce(numbers[0], operation.apply)
    }

    /// The shortest decimal that reads back as `number` (shopspring's `NewFromFloat`).
    private static func decimal(_ number: Double) -> Decimal? {
        if number == 0 { return Decimal(0) }
        let (digits, point) = GoFloat.shortestDigits(number)
        guard let significand = Decimal(string: String(digits)) else { return nil }
        let exponent = point - digits.count
        guard (-120...120).contains(exponent) else { return nil }
        return Decimal(sign: number < 0 ? .minus : .plus, exponent: exponent, significand: significand)
    }

    /// Go's `math.Max`: +Inf wins, then NaN; +0 beats -0.
    static func goMax(_ x: Double, _ y: Double) -> Double {
        if x == .infinity || y == .infinity { return .infinity }
        if x.isNaN || y.isNaN { return .nan }
        if x == 0 && y == 0 { return x.sign == .minus ? y : x }
        return x > y ? x : y
    }

    /// Go's `math.Min`: -Inf wins, then NaN; -0 beats +0.
    static func goMin(_ x: Double, _ y: Double) -> Double {
        if x == -.infinity || y == -.infinity { return -.infinity }
        if x.isNaN || y.isNaN { return .nan }
        if x == 0 && y == 0 { return x.sign == .minus ? x : y }
        return x < y ? x : y
    }
}
