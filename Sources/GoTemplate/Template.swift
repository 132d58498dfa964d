/// A parsed Go `text/template` with sprig's hermetic functions and ace-dt's reference functions.
public struct Template: Sendable {
    public let name: String
    private let text: String
    private let templates: [String: [Node]]

    /// Parses `text` (and its `define`s) under `name`; throws `TemplateError` naming name:line(:col).
    public init(name: String, text: String) throws {
        self.name = name
        self.text = text
        self.templates = try Parser.parse(name: name, text: text, functions: Functions.names)
    }

    /// Executes the main template with `data` as dot; throws `TemplateError` on exec errors.
    public func execute(_ data: TemplateValue) throws -> String {
        let dot = Value(dynamic: data)
        var evaluator = Evaluator(templates: templates, source: text, name: name, dot: dot,
                                  functions: Functions.all)
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
