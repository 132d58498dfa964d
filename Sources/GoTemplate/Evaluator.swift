/// Executes a parsed template set, following Go's `text/template` exec rules: which node an error
/// is reported at, how pipelines pass values along, and how `if`, `range` and `with` treat values.
struct Evaluator {
    /// `break` and `continue` unwind to the enclosing `range`.
    enum LoopSignal: Error { case breakLoop, continueLoop }

    let templates: [String: [Node]]
    let source: [UInt8]
    let parseName: String
    let functions: FunctionTable
    let budget: ExecutionBudget
    var templateName: String
    var output = ""
    var vars: [(name: String, value: Value)]
    /// Nesting of template calls, control bodies and parenthesized pipelines (each costs stack).
    var depth = 0
    /// Nodes walked; the clock and cancellation are read every 256 of them.
    var steps = 0
    /// The node errors are reported at (Go's `state.at`).
    var atPos = 0
    var atContext = ""

    init(templates: [String: [Node]], source: String, name: String, dot: Value, functions: FunctionTable,
         budget: ExecutionBudget) {
        self.templates = templates
        self.budget = budget
        self.source = Array(source.utf8)
        self.parseName = name
        self.templateName = name
        self.functions = functions
        self.vars = [("$", dot)]
    }

    mutating func at(_ pos: Int, _ context: String) {
        atPos = pos
        atContext = context
    }

    /// An execution error located the way Go's `ErrorContext` does (0-based byte column).
    func error(_ message: String) -> TemplateError {
        let prefix = source[..<min(atPos, source.count)]
        let line = 1 + prefix.filter { $0 == 0x0A }.count
        let column = prefix.lastIndex(of: 0x0A).map { atPos - $0 - 1 } ?? atPos
        return TemplateError(
            description: "template: \(parseName):\(line):\(column): executing \(GoQuote.quote(templateName)) "
                + "at <\(atContext)>: \(message)")
    }

    // MARK: - Walking

    mutating func walk(_ dot: Value, _ nodes: [Node]) throws {
        for node in nodes { try walk(dot, node) }
    }

    mutating func walk(_ dot: Value, _ node: Node) throws {
        try checkpoint()
        switch node {
        case .text(let text): try emit(text)
        case .action(let pipe):
            at(pipe.pos, "{{\(pipe.source)}}")
            let value = try evalPipeline(dot, pipe)
            if pipe.declarations.isEmpty {
                at(pipe.pos, "{{\(pipe.source)}}")
                try emit(GoPrinter.print(value))
            }
        case .control(let control):
            if control.kind == .range {
                try walkRange(dot, control)
            } else {
                try walkIfOrWith(dot, control)
            }
        case .template(let call): try walkTemplate(dot, call)
        case .breakLoop: throw LoopSignal.breakLoop
        case .continueLoop: throw LoopSignal.continueLoop
        }
    }

    private mutating func walkIfOrWith(_ dot: Value, _ control: Control) throws {
        let mark = vars.count
        defer { vars.removeLast(vars.count - mark) }
        let value = try evalPipeline(dot, control.pipe)
        try enter()
        defer { leave() }
        if value.isTrue {
            try walk(control.kind == .with ? value : dot, control.list)
        } else if let elseList = control.elseList {
            try walk(dot, elseList)
        }
    }

    private mutating func walkRange(_ dot: Value, _ control: Control) throws {
        let context = "{{range \(control.pipe.source)}}"
        at(control.pos, context)
        let outer = vars.count
        defer { vars.removeLast(vars.count - outer) }
        let value = try evalPipeline(dot, control.pipe)
        let mark = vars.count
        // Elements are made one at a time: `range 1000000000` must not build a billion first.
        let count: Int
        let elementAt: (Int) -> (index: Value, element: Value)
        switch value.data {
        case .list(let items):
            count = items.count
            elementAt = { (Value.int($0), value.element(items[$0])) }
        case .map(let map):
            // Go sorts the keys and takes the values once, before the first iteration.
            let entries = map.entries
            let keys = entries.keys.sorted(by: GoOrder.less)
            count = keys.count
            elementAt = { (Value.string(keys[$0]), value.element(entries[keys[$0]] ?? .none)) }
        case .int(let number) where value.type == .int || value.type == .int64:
            // Go 1.22 ranges over an integer.
            count = max(number, 0)
            elementAt = { (Value.int($0), Value(.int($0), value.type)) }
        case .none where value.isMissing:
            count = 0
            elementAt = { _ in (.missing, .missing) }
        default:
            throw error("range can't iterate over \(GoPrinter.print(value))")
        }
        try enter()
        defer { leave() }
        for offset in 0..<count {
            // A deadline or cancellation met between iterations is reported at the range.
            at(control.pos, context)
            try checkpoint()
            let (index, element) = elementAt(offset)
            let declarations = control.pipe.declarations.count
            if declarations > 0 { vars[vars.count - 1].value = element }
            if declarations > 1 { vars[vars.count - 2].value = index }
            defer { vars.removeLast(vars.count - mark) }
            do {
                try walk(element, control.list)
            } catch LoopSignal.continueLoop {
                continue
            } catch LoopSignal.breakLoop {
                return
            }
        }
        if count == 0, let elseList = control.elseList { try walk(dot, elseList) }
    }

    private mutating func walkTemplate(_ dot: Value, _ call: TemplateCall) throws {
        at(call.pos, "{{template \(GoQuote.quote(call.name))" + (call.pipe.map { " " + $0.source } ?? "") + "}}")
        guard let body = templates[call.name] else {
            throw error("template \(GoQuote.quote(call.name)) not defined")
        }
        try enter()
        defer { leave() }
        let newDot = try call.pipe.map { try evalPipeline(dot, $0) } ?? .missing
        let saved = (vars, templateName)
        vars = [("$", newDot)]
        templateName = call.name
        defer { (vars, templateName) = saved }
        try walk(newDot, body)
    }

    // MARK: - Variables

    func variable(_ name: String) throws -> Value {
        guard let entry = vars.last(where: { $0.name == name }) else { throw error("undefined variable: \(name)") }
        return entry.value
    }

    mutating func setVariable(_ name: String, _ value: Value) throws {
        guard let index = vars.lastIndex(where: { $0.name == name }) else {
            throw error("undefined variable: \(name)")
        }
        vars[index].value = value
    }
}
