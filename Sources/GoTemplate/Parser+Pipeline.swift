/// Pipelines, commands and operands.
extension Parser {
    mutating func pipeline(_ context: String, end: Token.Kind) throws -> Pipe {
        var pipe = Pipe(pos: peekNonSpace().pos)
        try declarations(&pipe, context)
        while true {
            let token = nextNonSpace()
            switch token.kind {
            case end:
                try check(pipe, context)
                return pipe
            case .bool, .charConstant, .dot, .field, .identifier, .number, .nilKeyword, .rawString, .string,
                .variable, .leftParen:
                backup()
                pipe.commands.append(try command())
            default:
                try unexpected(token, context)
            }
        }
    }

    private mutating func declarations(_ pipe: inout Pipe, _ context: String) throws {
        while peekNonSpace().kind == .variable {
            let start = mark
            let variable = nextNonSpace()
            let afterVariable = peek()
            let next = peekNonSpace()
            if next.kind == .assign || next.kind == .declare {
                pipe.isAssign = next.kind == .assign
                _ = nextNonSpace()
                pipe.declarations.append((variable.text, variable.pos))
                vars.append(variable.text)
                return
            }
            if next.kind == .char && next.text == "," {
                _ = nextNonSpace()
                pipe.declarations.append((variable.text, variable.pos))
                vars.append(variable.text)
                if context == "range" && pipe.declarations.count < 2 {
                    switch peekNonSpace().kind {
                    case .variable, .rightDelim, .rightParen: continue
                    default: try fail("range can only initialize variables")
                    }
                }
                try fail("too many declarations in \(context)")
            }
            _ = afterVariable
            rewind(to: start)
            return
        }
    }

    private func check(_ pipe: Pipe, _ context: String) throws {
        if pipe.commands.isEmpty { try fail("missing value for \(context)") }
        for (offset, command) in pipe.commands.enumerated().dropFirst() {
            switch command.args.first {
            case .bool, .dot, .nilLiteral, .number, .string:
                try fail("non executable command in pipeline stage \(offset + 1)")
            default: continue
            }
        }
    }

    private mutating func command() throws -> Command {
        var command = Command(pos: peekNonSpace().pos, args: [])
        while true {
            _ = peekNonSpace()
            if let operand = try operand() { command.args.append(operand) }
            let token = next()
            switch token.kind {
            case .space: continue
            case .rightDelim, .rightParen: backup()
            case .pipe: break
            default: try unexpected(token, "operand")
            }
            break
        }
        if command.args.isEmpty { try fail("empty command") }
        return command
    }

    private mutating func operand() throws -> Operand? {
        guard let node = try term() else { return nil }
        guard peek().kind == .field else { return node }
        let chainPos = peek().pos
        var fields: [String] = []
        while peek().kind == .field { fields.append(String(next().text.dropFirst())) }
        switch node {
        // Go positions a dotted field or variable at its second component.
        case .field(_, let names): return .field(pos: chainPos, names: names + fields)
        case .variable(_, let names): return .variable(pos: chainPos, names: names + fields)
        case .bool, .string, .number, .nilLiteral, .dot:
            try fail("unexpected . after term \(GoQuote.quote(node.source))")
        default: return .chain(pos: chainPos, base: node, fields: fields)
        }
    }

    private mutating func term() throws -> Operand? {
        let token = nextNonSpace()
        switch token.kind {
        case .identifier:
            if !functions.contains(token.text) { try fail("function \(GoQuote.quote(token.text)) not defined") }
            return .identifier(pos: token.pos, name: token.text)
        case .dot: return .dot(pos: token.pos)
        case .nilKeyword: return .nilLiteral(pos: token.pos)
        case .variable:
            let names = token.text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard vars.contains(names[0]) else { try fail("undefined variable \(GoQuote.quote(names[0]))") }
            return .variable(pos: token.pos, names: names)
        case .field: return .field(pos: token.pos, names: [String(token.text.dropFirst())])
        case .bool: return .bool(pos: token.pos, value: token.text == "true")
        case .charConstant, .number: return .number(pos: token.pos, value: try number(token))
        case .leftParen:
            try nest("expression")
            defer { nesting -= 1 }
            return .pipe(try pipeline("parenthesized pipeline", end: .rightParen))
        case .string, .rawString: return .string(pos: token.pos, quoted: token.text, value: try unquote(token))
        default:
            backup()
            return nil
        }
    }

    /// Go's `newNumber`: a literal may be usable as an int, a float, or both.
    private func number(_ token: Token) throws -> NumberLiteral {
        var literal = NumberLiteral(text: token.text)
        if token.kind == .charConstant {
            guard let text = try? GoQuote.unquote(token.text), let scalar = text.unicodeScalars.first else {
                try fail("malformed character constant: \(token.text)")
            }
            literal.int = Int(scalar.value)
            literal.float = Double(scalar.value)
            literal.isRune = true
            return literal
        }
        if token.text.hasSuffix("i") { try fail("complex numbers are not supported: \(token.text)") }
        if let int = Self.parseInteger(token.text) {
            literal.int = int
            literal.float = Double(int)
            return literal
        }
        let cleaned = token.text.replacingOccurrences(of: "_", with: "")
        guard let float = Double(cleaned), float.isFinite || cleaned.lowercased().contains("x") == false else {
            try fail("illegal number syntax: \(GoQuote.quote(token.text))")
        }
        if !token.text.contains(where: { ".eEpP".contains($0) }) {
            try fail("integer overflow: \(GoQuote.quote(token.text))")
        }
        literal.float = float
        if float.rounded() == float, abs(float) < 9.2e18 { literal.int = Int(float) }
        return literal
    }

    /// `strconv.ParseInt(text, 0, 64)`: optional sign, 0x/0o/0b/0 prefixes, underscores.
    static func parseInteger(_ text: String) -> Int? {
        var body = Substring(text)
        var negative = false
        if let sign = body.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            body = body.dropFirst()
        }
        var radix = 10
        let lower = body.lowercased()
        if lower.hasPrefix("0x") {
            radix = 16
            body = body.dropFirst(2)
        } else if lower.hasPrefix("0o") {
            radix = 8
            body = body.dropFirst(2)
        } else if lower.hasPrefix("0b") {
            radix = 2
            body = body.dropFirst(2)
        } else if body.count > 1, body.first == "0" {
            radix = 8
            body = body.dropFirst()
        }
        let digits = body.replacingOccurrences(of: "_", with: "")
        guard !digits.isEmpty, let magnitude = Int(digits, radix: radix) else { return nil }
        return negative ? -magnitude : magnitude
    }
}
