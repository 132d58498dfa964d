/// A function callable from templates, described by its Go signature so that argument checks
/// and literal conversion behave as they do for the Go original.
struct GoFunction: Sendable {
    enum ShortCircuit: Sendable { case and, or }

    var params: [GoType]
    /// The element type of a trailing `...T` parameter.
    var variadic: GoType?
    var shortCircuit: ShortCircuit?
    /// Gets the execution's budget as well, for functions whose result can outgrow their
    /// arguments (`repeat`, `indent`, `replace`, ...) or that loop (`uniq`, regular expressions).
    var body: @Sendable ([Value], ExecutionBudget) throws -> Value

    init(_ params: [GoType], variadic: GoType? = nil, _ body: @escaping @Sendable ([Value]) throws -> Value) {
        self.init(params, variadic: variadic, budgeted: { args, _ in try body(args) })
    }

    init(_ params: [GoType], variadic: GoType? = nil,
         budgeted body: @escaping @Sendable ([Value], ExecutionBudget) throws -> Value) {
        self.params = params
        self.variadic = variadic
        self.body = body
    }
}

/// A function's own error (Go's returned `error` or a recovered panic); the evaluator wraps it
/// as `error calling NAME: MESSAGE`.
struct FunctionFailure: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

typealias FunctionTable = [String: GoFunction]

enum Functions {
    /// Go's builtins, sprig's hermetic text functions, and ace-dt's reference functions.
    static let all: FunctionTable = {
        var table = builtins.merging(call) { _, new in new }
        for extra in [sprigStrings, sprigRegex, sprigCase, sprigLists, sprigDicts, sprigMath, sprigEncoding,
                      sprigPaths, sprigReflect, sprigCollections, sprigMust, sprigFloats, sprigText,
                      sprigSemver, sprigURL, sprigDates, sprigCrypto, sprigCertificates, AceFunctions.table] {
            table.merge(extra) { _, new in new }
        }
        return table
    }()

    static let names = Set(all.keys)
}

extension Value {
    /// The Go string of a string-kind value, or nil.
    var stringValue: String? {
        if case .string(let text) = data { return text }
        return nil
    }

    var intValue: Int? {
        if case .int(let number) = data { return number }
        return nil
    }
}

/// Methods Go types expose to templates; only `digest.Digest`'s are modelled.
enum GoMethods {
    static func call(_ name: String, on receiver: Value) throws -> Value? {
        if let result = SemanticVersion.method(name, on: receiver) { return result }
        guard receiver.type == .namedString("digest.Digest"), let digest = receiver.stringValue else { return nil }
        let colon = digest.firstIndex(of: ":")
        switch name {
        case "String": return .string(digest)
        case "Algorithm": return Value(.string(colon.map { String(digest[..<$0]) } ?? digest), .namedString("digest.Algorithm"))
        case "Encoded", "Hex": return .string(colon.map { String(digest[digest.index(after: $0)...]) } ?? "")
        default: return nil
        }
    }
}

/// Go's ordering of map keys and sorted strings: bytewise on UTF-8.
enum GoOrder {
    static func less(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
    }
}
