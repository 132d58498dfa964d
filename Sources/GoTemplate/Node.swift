/// The parse tree. Positions are byte offsets into the source, which is how Go reports
/// `name:line:col` for execution errors.
indirect enum Node: Sendable {
    case text(String)
    case action(Pipe)
    case control(Control)
    case template(TemplateCall)
    case breakLoop(pos: Int)
    case continueLoop(pos: Int)
}

/// `if`, `range` and `with`: one pipeline, a body and an optional else body.
struct Control: Sendable {
    enum Kind: String, Sendable { case `if`, range, with }
    var kind: Kind
    var pos: Int
    var pipe: Pipe
    var list: [Node]
    var elseList: [Node]?
}

/// `{{template "name" pipeline}}` (and the call half of `block`).
struct TemplateCall: Sendable {
    var pos: Int
    var name: String
    var pipe: Pipe?
}

/// A pipeline with optional `$x :=` / `$x =` declarations.
struct Pipe: Sendable {
    var pos: Int
    var isAssign = false
    var declarations: [(name: String, pos: Int)] = []
    var commands: [Command] = []

    /// Go's rendering of the pipeline, used in error contexts.
    var source: String {
        var out = ""
        if !declarations.isEmpty {
            out = declarations.map(\.name).joined(separator: ", ") + (isAssign ? " = " : " := ")
        }
        return out + commands.map(\.source).joined(separator: " | ")
    }
}

struct Command: Sendable {
    var pos: Int
    var args: [Operand]
    var source: String { args.map(\.source).joined(separator: " ") }
}

/// A number literal with every interpretation Go's parser allows for it.
struct NumberLiteral: Sendable {
    var text: String
    var int: Int?
    var float: Double?
    /// A character constant such as 'a' (an int32 rune in Go).
    var isRune = false
}

indirect enum Operand: Sendable {
    case field(pos: Int, names: [String])
    /// `$x.A.B`: `names[0]` is the variable (with its `$`), the rest are fields.
    case variable(pos: Int, names: [String])
    case chain(pos: Int, base: Operand, fields: [String])
    case identifier(pos: Int, name: String)
    case dot(pos: Int)
    case nilLiteral(pos: Int)
    case bool(pos: Int, value: Bool)
    case number(pos: Int, value: NumberLiteral)
    case string(pos: Int, quoted: String, value: String)
    case pipe(Pipe)

    var pos: Int {
        switch self {
        case .field(let pos, _), .variable(let pos, _), .chain(let pos, _, _), .identifier(let pos, _),
            .dot(let pos), .nilLiteral(let pos), .bool(let pos, _), .number(let pos, _), .string(let pos, _, _):
            return pos
        case .pipe(let pipe): return pipe.pos
        }
    }

    var source: String {
        switch self {
        case .field(_, let names): return names.map { "." + $0 }.joined()
        case .variable(_, let names): return names.joined(separator: ".")
        case .chain(_, let base, let fields):
            return base.source + fields.map { "." + $0 }.joined()
        case .identifier(_, let name): return name
        case .dot: return "."
        case .nilLiteral: return "nil"
        case .bool(_, let value): return value ? "true" : "false"
        case .number(_, let value): return value.text
        case .string(_, let quoted, _): return quoted
        case .pipe(let pipe): return "(\(pipe.source))"
        }
    }
}
