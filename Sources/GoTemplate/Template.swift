/// A parsed Go `text/template` with sprig's hermetic functions and ace-dt's reference functions.
///
/// Parsing and execution run on a thread with the stack size of `limits`, and stop with a
/// `TemplateError` at the limits' depth, size and time bounds (see `TemplateLimits`).
public struct Template: Sendable {
    public let name: String
    public let limits: TemplateLimits
    private let text: String
    private let templates: [String: [Node]]

    /// Parses `text` (and its `define`s) under `name`; throws `TemplateError` naming name:line(:col).
    public init(name: String, text: String, limits: TemplateLimits = .default) throws {
        self.name = name
        self.text = text
        self.limits = limits
        self.templates = try StackThread.run(stackSize: limits.stackSize) {
            try Parser.parse(name: name, text: text, functions: Functions.names,
                             maxNesting: limits.maxNesting)
        }
    }

    /// Executes the main template with `data` as dot; throws `TemplateError` on exec errors, on
    /// passing a limit, and when the calling task is cancelled.
    public func execute(_ data: TemplateValue) throws -> String {
        let cancel = CancelFlag()
        return try StackThread.run(stackSize: limits.stackSize, cancel: cancel) {
            try run(data, budget: ExecutionBudget(limits: limits, cancel: cancel))
        }
    }

    private func run(_ data: TemplateValue, budget: ExecutionBudget) throws -> String {
        let dot = Value(dynamic: data.ownMaps)
        var evaluator = Evaluator(templates: templates, source: text, name: name, dot: dot,
                                  functions: Functions.all, budget: budget)
        do {
            try evaluator.walk(dot, templates[name] ?? [])
        } catch is Evaluator.LoopSignal {
            throw TemplateError(description: "template: \(name): break or continue outside range")
        }
        return evaluator.output
    }

    /// The names of every function templates may call.
    public static var functionNames: [String] { Functions.names.sorted() }
}
