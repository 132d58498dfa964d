/// Go's `call` builtin. ferry's data holds no function values, so every call fails, with the
/// text Go 1.21+ prints: `call of nil` for a nil or missing value, else
/// `non-function NAME of type TYPE`, NAME being the argument as written (or the piped value).
extension Functions {
    static let call: FunctionTable = [
        // Declared as Go's `emptyCall(fn reflect.Value, args ...reflect.Value)`; the evaluator puts
        // the callee's name first (`Evaluator.calleeName`), as Go's evalCall does.
        "call": GoFunction([.any], variadic: .any) { args in
            let (name, function) = (args[0].stringValue ?? "", args[1])
            if function.isMissing { throw FunctionFailure("call of nil") }
            throw FunctionFailure("non-function \(name) of type \(function.type)")
        },
    ]
}

extension Evaluator {
    /// What Go's evalCall names the callee of `call`: the first argument's node as written
    /// (a parenthesized pipeline without its parentheses), or else the piped value's
    /// `reflect.Value.String()`: a string's text, `<TYPE Value>` for anything else.
    static func calleeName(_ args: [Operand], _ final: Value?) -> String {
        if let first = args.first {
            if case .pipe(let pipe) = first { return pipe.source }
            return first.source
        }
        guard let final, !final.isMissing else { return "<invalid Value>" }
        if case .string(let text) = final.data { return text }
        return "<\(final.type) Value>"
    }
}
