/// Executes a parsed template set, following Go's `text/template` exec rules: which node an error
/// is reported at, how pipelines pass values along, and how `if`, `range` and `with` treat values.
struct Evaluator {
    /// `break` and `continue` unwind to the enclosing `range`.
    enum LoopSignal: Error { case breakLoop, continueLoop }

    let templates: [String: [Node]]
    let source: [UInt8]
    let parseName: String
    let functions: FunctionTable
    var templateName: String
    var output = ""
    var vars: [(name: String, value: Value)]
    var depth = 0
    /// The node errors are reported at (Go's `state.at`).
    var atPos = 0
    var atContext = ""

    init(templates: [String: [Node]], source: String, name: String, dot: Value, functions: FunctionTable) {
        self.templates = templates
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
        switch node {
        case .text(let text): output += text
        case .action(let pipe):
            at(pipe.pos, "{{\(pipe.source)}}")
            let value = try evalPipeline(dot, pipe)
            if pipe.declarations.isEmpty {
                at(pipe.pos, "{{\(pipe.source)}}")
                output += GoPrinter.print(value)
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
        if value.isTrue {
            try walk(control.kind == .with ? value : dot, control.list)
        } else if let elseList = control.elseList {
            try walk(dot, elseList)
        }
    }

    private mutating func walkRange(_ dot: Value, _ control: Control) throws {
        at(control.pos, "{{range \(control.pipe.source)}}")
        let outer = vars.count
        defer { vars.removeLast(vars.count - outer) }
        let value = try evalPipeline(dot, control.pipe)
        let mark = vars.count
        var elements: [(index: Value, element: Value)] = []
        switch value.data {
        case .list(let items):
            elements = items.enumerated().map { (Value.int($0.offset), value.element($0.element)) }
        case .map(let entries):
            elements = entries.keys.sorted(by: GoOrder.less).map { (Value.string($0), value.element(entries[$0] ?? .none)) }
        case .int(let count) where value.type == .int || value.type == .int64:
            // Go 1.22 ranges over an integer.
            elements = (0..<max(count, 0)).map { (Value.int($0), Value(.int($0), value.type)) }
        case .none where value.isMissing:
            break
        default:
            throw error("range can't iterate over \(GoPrinter.print(value))")
        }
        for (index, element) in elements {
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
        if elements.isEmpty, let elseList = control.elseList { try walk(dot, elseList) }
    }

    private mutating func walkTemplate(_ dot: Value, _ call: TemplateCall) throws {
        at(call.pos, "{{template \(GoQuote.quote(call.name))}}")
        guard let body = templates[call.name] else {
            throw error("template \(GoQuote.quote(call.name)) not defined")
        }
        if depth >= 100_000 { throw error("exceeded maximum template depth (100000)") }
        let newDot = try call.pipe.map { try evalPipeline(dot, $0) } ?? .missing
        let saved = (vars, templateName)
        vars = [("$", newDot)]
        templateName = call.name
        depth += 1
        defer {
            (vars, templateName) = saved
            depth -= 1
        }
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
