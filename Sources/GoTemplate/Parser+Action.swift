/// Actions and control structures: `if`, `range`, `with`, `template`, `block`, `break`, `continue`.
extension Parser {
    mutating func action() throws -> Item {
        let token = nextNonSpace()
        switch token.kind {
        case .keyword(.block): return .node(try blockControl())
        case .keyword(.break), .keyword(.continue):
            let isBreak = token.kind == .keyword(.break)
            let word = isBreak ? "{{break}}" : "{{continue}}"
            let closing = nextNonSpace()
            if closing.kind != .rightDelim { try unexpected(closing, word) }
            if rangeDepth == 0 { try fail("\(word) outside {{range}}") }
            return .node(isBreak ? .breakLoop(pos: token.pos) : .continueLoop(pos: token.pos))
        case .keyword(.else):
            let peeked = peekNonSpace()
            if peeked.kind == .keyword(.if) { return .elseClause(pos: peeked.pos, chained: .if) }
            if peeked.kind == .keyword(.with) { return .elseClause(pos: peeked.pos, chained: .with) }
            let closing = try expect(.rightDelim, "else")
            return .elseClause(pos: closing.pos, chained: nil)
        case .keyword(.end):
            _ = try expect(.rightDelim, "end")
            return .end
        case .keyword(.if): return .node(try control(.if))
        case .keyword(.range): return .node(try control(.range))
        case .keyword(.with): return .node(try control(.with))
        case .keyword(.template): return .node(try templateControl())
        default:
            backup()
            return .node(.action(try pipeline("command", end: .rightDelim)))
        }
    }

    /// `parseControl` in Go: the pipeline, the body, and an else body (`else if` nests an `if`).
    mutating func control(_ kind: Control.Kind) throws -> Node {
        try nest("nesting")
        let savedVars = vars.count
        defer {
            vars.removeLast(vars.count - savedVars)
            nesting -= 1
        }
        let pipe = try pipeline(kind.rawValue, end: .rightDelim)
        if kind == .range { rangeDepth += 1 }
        let (list, next) = try itemList()
        if kind == .range { rangeDepth -= 1 }
        var elseList: [Node]?
        if case .elseClause(_, let chained) = next {
            // `else if` chains an if; `else with` (Go 1.23) chains a with.
            if let chained, chained.rawValue == kind.rawValue {
                _ = nextNonSpace()  // the `if` (or `with`) keyword
                elseList = [try control(kind)]
            } else {
                let (list, end) = try itemList()
                guard case .end = end else { try fail("expected end; found \(Self.describe(end))") }
                elseList = list
            }
        }
        return .control(Control(kind: kind, pos: pipe.pos, pipe: pipe, list: list, elseList: elseList))
    }

    mutating func templateControl() throws -> Node {
        let token = nextNonSpace()
        let name = try templateName(token, "template clause")
        var pipe: Pipe?
        if nextNonSpace().kind != .rightDelim {
            backup()
            pipe = try pipeline("template clause", end: .rightDelim)
        }
        return .template(TemplateCall(pos: token.pos, name: name, pipe: pipe))
    }

    /// `{{block "name" pipeline}}…{{end}}` defines `name` and calls it.
    mutating func blockControl() throws -> Node {
        let token = nextNonSpace()
        let name = try templateName(token, "block clause")
        let pipe = try pipeline("block clause", end: .rightDelim)
        try nest("nesting")
        defer { nesting -= 1 }
        try defineBody(name, "block clause")
        return .template(TemplateCall(pos: token.pos, name: name, pipe: pipe))
    }

    mutating func templateName(_ token: Token, _ context: String) throws -> String {
        guard token.kind == .string || token.kind == .rawString else { try unexpected(token, context) }
        return try unquote(token)
    }
}
