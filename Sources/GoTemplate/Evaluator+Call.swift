/// Function calls and argument conversion, with Go's arity and type rules.
extension Evaluator {
    mutating func evalFunction(_ dot: Value, _ node: Operand, _ name: String, _ args: [Operand], _ final: Value?)
        throws -> Value
    {
        at(node.pos, name)
        guard let function = functions[name] else { throw error("\(GoQuote.quote(name)) is not a defined function") }
        let arguments = Array(args.dropFirst())
        return try evalCall(dot, function, node, name, arguments, final)
    }

    private mutating func evalCall(
        _ dot: Value, _ function: GoFunction, _ node: Operand, _ name: String, _ args: [Operand], _ final: Value?
    ) throws -> Value {
        let count = args.count + (final == nil ? 0 : 1)
        let fixed = function.params.count
        if function.variadic != nil {
            if count < fixed { throw error("wrong number of args for \(name): want at least \(fixed) got \(args.count)") }
        } else if count != fixed {
            throw error("wrong number of args for \(name): want \(fixed) got \(count)")
        }
        if function.shortCircuit != nil {
            return try evalAndOr(dot, function, args, final)
        }
        var argv: [Value] = []
        for (offset, arg) in args.enumerated() {
            let type = offset < fixed ? function.params[offset] : (function.variadic ?? .any)
            argv.append(try evalArg(dot, type, arg))
        }
        if let final {
            let type = argv.count < fixed ? function.params[argv.count] : (function.variadic ?? .any)
            let value = try validate(final, type)
            argv.append(value)
        }
        if name == "call" { argv.insert(.string(Self.calleeName(args, final)), at: 0) }
        do {
            let result = try function.body(argv, budget)
            try budget.checkResult(result)
            return result
        } catch let failure as FunctionFailure {
            at(node.pos, name)
            throw error("error calling \(name): \(failure.message)")
        }
    }

    /// `and`/`or` stop at the first argument that decides the result (Go 1.18+).
    private mutating func evalAndOr(_ dot: Value, _ function: GoFunction, _ args: [Operand], _ final: Value?)
        throws -> Value
    {
        let stopWhen = function.shortCircuit == .or
        var value = Value.missing
        for arg in args {
            value = try evalArg(dot, .any, arg)
            if value.isTrue == stopWhen { return value }
        }
        if let final { value = final }
        return value
    }

    /// Go's `validateType`: computed values must be assignable to the parameter's type.
    func validate(_ value: Value, _ type: GoType) throws -> Value {
        if value.isMissing {
            if type.canBeNil { return type.zero }
            throw error("invalid value; expected \(type)")
        }
        if value.type.isAssignable(to: type) { return value }
        if case .pointer(let name) = value.type, type == .structure(name) {
            if value.isNilPointer { throw error("dereference of nil pointer of type \(type)") }
            return Value(value.data, type)
        }
        throw error("wrong type for value; expected \(type); got \(value.type)")
    }

    /// Go's `evalArg`: literals are converted to the parameter's type, everything else validated.
    mutating func evalArg(_ dot: Value, _ type: GoType, _ arg: Operand) throws -> Value {
        at(arg.pos, arg.source)
        switch arg {
        case .dot: return try validate(dot, type)
        case .nilLiteral:
            if type.canBeNil { return type.zero }
            throw error("cannot assign nil to \(type)")
        // Each value is computed before validating it, so errors point at the last node evaluated, as in Go.
        case .field(_, let names):
            let value = try evalFieldChain(dot, dot, arg, names, [arg], nil)
            return try validate(value, type)
        case .variable:
            let value = try evalVariable(dot, arg, [], nil)
            return try validate(value, type)
        case .pipe(let pipe):
            try enter()
            defer { leave() }
            let value = try evalPipeline(dot, pipe)
            return try validate(value, type)
        case .identifier(_, let name):
            let value = try evalFunction(dot, arg, name, [arg], nil)
            return try validate(value, type)
        case .chain:
            let value = try evalChain(dot, arg, [], nil)
            return try validate(value, type)
        case .bool(_, let flag):
            if type == .bool || type == .any { return .bool(flag) }
            if type.isLiteralTarget { throw error("expected \(type.literalName); found \(arg.source)") }
        case .string(_, _, let text):
            if type.isStringKind { return Value(.string(text), type) }
            if type == .any { return .string(text) }
            if type.isLiteralTarget { throw error("expected \(type.literalName); found \(arg.source)") }
        case .number(_, let literal):
            if type == .any { return try constant(literal) }
            // Go's SetUint/SetInt keep the low bits of a literal too big for the parameter.
            if type.isUnsigned, let int = literal.int, int >= 0 {
                return Value(.int(type == .uint8 ? int & 0xff : Int(UInt32(truncatingIfNeeded: int))), type)
            }
            if type.isInteger, !type.isUnsigned, let int = literal.int { return Value(.int(int), type) }
            if type == .float64, let float = literal.float { return .float(float) }
            if type.isLiteralTarget { throw error("expected \(type.literalName); found \(arg.source)") }
        }
        throw error("can't handle \(arg.source) for arg of type \(type)")
    }
}

extension GoType {
    /// Types whose literal arguments Go converts (and names in "expected X; found Y").
    var isLiteralTarget: Bool { self == .bool || isInteger || self == .float64 || isStringKind }

    var literalName: String {
        if self == .bool { return "bool" }
        if isUnsigned { return "unsigned integer" }
        if isInteger { return "integer" }
        if self == .float64 { return "float" }
        return "string"
    }
}
