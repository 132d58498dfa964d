/// Builds the parse tree from tokens, following Go's recursive-descent parser so that the same
/// inputs are rejected with the same line numbers and messages.
struct Parser {
    /// What `itemList` stopped at besides a node.
    enum Item {
        case node(Node)
        case end
        /// `{{else}}`, or `{{else if …}}`/`{{else with …}}` with the keyword that follows.
        case elseClause(pos: Int, chained: Token.Keyword?)
    }

    let name: String
    let functions: Set<String>
    /// Current and allowed nesting of bodies and parentheses: the parser recurses per level.
    var nesting = 0
    let maxNesting: Int
    private let tokens: [Token]
    private var index = 0
    private var furthest = 0
    var vars: [String] = ["$"]
    var rangeDepth = 0
    private var actionLine = 0
    private(set) var templates: [String: [Node]] = [:]

    init(name: String, text: String, functions: Set<String>, maxNesting: Int) {
        self.name = name
        self.functions = functions
        self.maxNesting = maxNesting
        self.tokens = Lexer.tokenize(text)
    }

    /// Parses the whole text; returns every template it defines, the main one under `name`.
    static func parse(name: String, text: String, functions: Set<String>, maxNesting: Int = 1_000)
        throws -> [String: [Node]]
    {
        var parser = Parser(name: name, text: text, functions: functions, maxNesting: maxNesting)
        var root: [Node] = []
        while parser.peek().kind != .eof {
            if parser.peek().kind == .leftDelim {
                let mark = parser.index
                parser.index += 1
                if parser.nextNonSpace().kind == .keyword(.define) {
                    try parser.parseDefinition()
                    continue
                }
                parser.index = mark
            }
            switch try parser.textOrAction() {
            case .node(let node): root.append(node)
            case .end: try parser.fail("unexpected {{end}}")
            case .elseClause: try parser.fail("unexpected {{else}}")
            }
        }
        try parser.add(parser.name, root)
        return parser.templates
    }

    // MARK: - Token stream

    mutating func next() -> Token {
        let token = tokens[min(index, tokens.count - 1)]
        index += 1
        furthest = max(furthest, min(index - 1, tokens.count - 1))
        return token
    }

    mutating func peek() -> Token {
        let token = next()
        index -= 1
        return token
    }

    mutating func nextNonSpace() -> Token {
        var token = next()
        while token.kind == .space { token = next() }
        return token
    }

    mutating func peekNonSpace() -> Token {
        let token = nextNonSpace()
        index -= 1
        return token
    }

    mutating func backup(_ count: Int = 1) { index -= count }

    /// The index of the next token, so callers can rewind to it.
    var mark: Int { index }
    mutating func rewind(to mark: Int) { index = mark }

    // MARK: - Errors

    func fail(_ message: String) throws -> Never {
        let line = tokens[min(furthest, tokens.count - 1)].line
        throw TemplateError(description: "template: \(name):\(line): \(message)")
    }

    func unexpected(_ token: Token, _ context: String) throws -> Never {
        if token.kind == .error {
            var extra = ""
            if actionLine != 0 && actionLine != token.line {
                extra = " in action started at \(name):\(actionLine)"
                if token.text.hasSuffix(" action") { extra = String(extra.dropFirst(" in action".count)) }
            }
            try fail(token.text + extra)
        }
        try fail("unexpected \(token.quoted) in \(context)")
    }

    mutating func expect(_ kind: Token.Kind, _ context: String) throws -> Token {
        let token = nextNonSpace()
        if token.kind != kind { try unexpected(token, context) }
        return token
    }

    /// One more level of nesting, within `maxNesting` (Go words the parenthesis case so).
    mutating func nest(_ what: String) throws {
        if nesting >= maxNesting { try fail("max \(what) depth exceeded (\(maxNesting))") }
        nesting += 1
    }

    // MARK: - Structure

    mutating func add(_ templateName: String, _ root: [Node]) throws {
        guard let existing = templates[templateName], !Self.isEmpty(existing) else {
            templates[templateName] = root
            return
        }
        if !Self.isEmpty(root) { try fail("template: multiple definition of template \(GoQuote.quote(templateName))") }
    }

    /// Go's `IsEmptyTree`: only whitespace text; a later definition may replace it.
    static func isEmpty(_ nodes: [Node]) -> Bool {
        nodes.allSatisfy { node in
            if case .text(let text) = node { return text.allSatisfy { " \t\r\n".contains($0) } }
            return false
        }
    }

    private mutating func parseDefinition() throws {
        let token = nextNonSpace()
        guard token.kind == .string || token.kind == .rawString else { try unexpected(token, "define clause") }
        let definedName = try unquote(token)
        _ = try expect(.rightDelim, "define clause")
        try defineBody(definedName, "define clause")
    }

    /// The body of a `define` or `block` up to its `{{end}}`, parsed as a template of its own
    /// (only `$` is in scope) and added under `templateName`.
    mutating func defineBody(_ templateName: String, _ context: String) throws {
        let savedVars = vars
        vars = ["$"]
        // Restored on errors too: an enclosing `if $x := …` trims `vars` back to its own count.
        defer { vars = savedVars }
        let (list, end) = try itemList()
        guard case .end = end else { try fail("unexpected \(Self.describe(end)) in \(context)") }
        try add(templateName, list)
    }

    static func describe(_ item: Item) -> String {
        switch item {
        case .end: return "{{end}}"
        case .elseClause: return "{{else}}"
        case .node: return "node"
        }
    }

    func unquote(_ token: Token) throws -> String {
        do {
            return try GoQuote.unquote(token.text)
        } catch {
            try fail("invalid syntax")
        }
    }

    /// Nodes up to the `{{end}}` or `{{else}}` that closes them.
    mutating func itemList() throws -> ([Node], Item) {
        var list: [Node] = []
        while peekNonSpace().kind != .eof {
            let item = try textOrAction()
            guard case .node(let node) = item else { return (list, item) }
            list.append(node)
        }
        try fail("unexpected EOF")
    }

    mutating func textOrAction() throws -> Item {
        let token = nextNonSpace()
        switch token.kind {
        case .text: return .node(.text(token.text))
        case .leftDelim:
            actionLine = token.line
            defer { actionLine = 0 }
            return try action()
        default: try unexpected(token, "input")
        }
    }
}
