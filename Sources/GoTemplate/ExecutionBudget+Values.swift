/// Size checks on what functions return.
extension ExecutionBudget {
    /// Fails when a function's result is over a limit: a string over `maxStringBytes`, or a list,
    /// dict or struct with more than `maxValueElements` elements, more than `maxStringBytes` of
    /// text, or nesting deeper than `maxValueDepth`. Shared parts count once per use
    /// (`list $x $x` counts `$x` twice), because printing, comparing or encoding copies them; the
    /// count stops at the first limit crossed, so measuring costs at most that much.
    func checkResult(_ value: Value) throws {
        switch value.data {
        case .string(let text): try checkString(bytes: text.utf8.count)
        case .list, .map, .structure:
            var meter = Meter(limits: limits)
            try meter.measure(value.data, depth: 1)
        default: break
        }
    }

    private struct Meter {
        let limits: TemplateLimits
        var elements = 0
        var bytes = 0

        mutating func measure(_ data: TemplateValue, depth: Int) throws {
            if depth > limits.maxValueDepth {
                throw FunctionFailure("result nests deeper than the limit of \(limits.maxValueDepth) levels")
            }
            elements += 1
            if elements > limits.maxValueElements {
                throw FunctionFailure("result has more than the limit of \(limits.maxValueElements) elements")
            }
            switch data {
            case .string(let text): try add(text.utf8.count)
            case .list(let items): for item in items { try measure(item, depth: depth + 1) }
            case .map(let entries):
                for (key, item) in entries.entries {
                    try add(key.utf8.count)
                    try measure(item, depth: depth + 1)
                }
            case .structure(_, let fields): for field in fields { try measure(field.value, depth: depth + 1) }
            default: break
            }
        }

        private mutating func add(_ count: Int) throws {
            bytes += count
            if bytes > limits.maxStringBytes {
                throw FunctionFailure("result holds more than the limit of \(limits.maxStringBytes) bytes of text")
            }
        }
    }
}
