/// Pipelines, commands, field chains and variables.
extension Evaluator {
    mutating func evalPipeline(_ dot: Value, _ pipe: Pipe) throws -> Value {
        at(pipe.pos, pipe.source)
        var value: Value?
        for command in pipe.commands {
            value = try evalCommand(dot, command, final: value)
        }
        let result = value ?? .missing
        for declaration in pipe.declarations {
            if pipe.isAssign {
                try setVariable(declaration.name, result)
            } else {
                vars.append((declaration.name, result))
            }
        }
        return result
    }

    /// Evaluates one command; `final` is the previous pipeline stage's value, passed last.
    mutating func evalCommand(_ dot: Value, _ command: Command, final: Value?) throws -> Value {
        let first = command.args[0]
        switch first {
        case .field(_, let names): return try evalFieldChain(dot, dot, first, names, command.args, final)
        case .chain: return try evalChain(dot, first, command.args, final)
        case .identifier(_, let name): return try evalFunction(dot, first, name, command.args, final)
        case .pipe(let pipe):
            try notAFunction(command.args, final)
            try enter()
            defer { leave() }
            return try evalPipeline(dot, pipe)
        case .variable: return try evalVariable(dot, first, command.args, final)
        default: break
        }
        at(first.pos, first.source)
        try notAFunction(command.args, final)
        switch first {
        case .bool(_, let value): return .bool(value)
        case .dot: return dot
        case .nilLiteral: throw error("nil is not a command")
        case .number(_, let literal): return try constant(literal)
        case .string(_, _, let value): return .string(value)
        default: throw error("can't evaluate command \(GoQuote.quote(first.source))")
        }
    }

    func notAFunction(_ args: [Operand], _ final: Value?) throws {
        if args.count > 1 || final != nil {
            throw error("can't give argument to non-function \(args[0].source)")
        }
    }

    /// An untyped number used where any type is accepted: float64 when written as a float, else int.
    func constant(_ literal: NumberLiteral) throws -> Value {
        let text = literal.text.lowercased()
        let isHex = text.hasPrefix("0x") || text.hasPrefix("-0x") || text.hasPrefix("+0x")
        if let float = literal.float, !literal.isRune, !(isHex && !text.contains("p")),
            text.contains(where: { ".ep".contains($0) })
        {
            return .float(float)
        }
        if let int = literal.int { return .int(int) }
        throw error("\(literal.text) overflows int")
    }

    mutating func evalChain(_ dot: Value, _ chain: Operand, _ args: [Operand], _ final: Value?) throws -> Value {
        guard case .chain(let pos, let base, let fields) = chain else { return .missing }
        at(pos, chain.source)
        if case .nilLiteral = base { throw error("indirection through explicit nil in \(chain.source)") }
        // Go reports a failing field at the last node the base evaluated, so no `at` here.
        let receiver = try evalArg(dot, .any, base)
        return try evalFieldChain(dot, receiver, chain, fields, args, final)
    }

    mutating func evalVariable(_ dot: Value, _ node: Operand, _ args: [Operand], _ final: Value?) throws -> Value {
        guard case .variable(let pos, let names) = node else { return .missing }
        at(pos, node.source)
        let value = try variable(names[0])
        if names.count == 1 {
            try notAFunction(args, final)
            return value
        }
        return try evalFieldChain(dot, value, node, Array(names.dropFirst()), args, final)
    }

    /// `.A.B.C` on `receiver`: every field but the last is a plain lookup.
    mutating func evalFieldChain(
        _ dot: Value, _ receiver: Value, _ node: Operand, _ names: [String], _ args: [Operand], _ final: Value?
    ) throws -> Value {
        if case .field = node { at(node.pos, node.source) }
        var receiver = receiver
        for name in names.dropLast() {
            receiver = try field(name, of: receiver, hasArgs: false)
        }
        return try field(names[names.count - 1], of: receiver, hasArgs: args.count > 1 || final != nil)
    }

    /// One field or map-key lookup, with Go's error texts.
    func field(_ name: String, of receiver: Value, hasArgs: Bool) throws -> Value {
        if receiver.isMissing { return .missing }
        if receiver.isNilPointer { throw error("nil pointer evaluating \(receiver.type).\(name)") }
        if let method = try GoMethods.call(name, on: receiver) {
            if hasArgs { throw error("wrong number of args for \(name): want 0 got 1") }
            return method
        }
        switch receiver.data {
        case .structure(_, let fields):
            if let field = fields.first(where: { $0.name == name }) {
                if hasArgs { throw error("\(name) has arguments but cannot be invoked as function") }
                return Value(field.value, field.type ?? .any)
            }
        case .map(let entries):
            if hasArgs { throw error("\(name) is not a method but has arguments") }
            return entries[name].map { receiver.element($0) } ?? .missing
        default:
            break
        }
        throw error("can't evaluate field \(name) in type \(receiver.type)")
    }
}
