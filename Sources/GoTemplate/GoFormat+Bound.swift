/// How much padding a `printf` can make, known before it is made: Go allows each directive a
/// width or precision up to about ten million, applied to every element of a list argument.
extension GoFormat {
    /// An upper bound on the bytes that widths and precisions in `format` can add over `args`.
    static func paddingBound(_ format: String, _ args: [Value]) -> Int {
        var widest = format.contains("*") ? 1_000_000 : 0
        var number = 0
        var afterPercent = false
        for byte in format.utf8 {
            if byte == UInt8(ascii: "%") {
                afterPercent = true
                number = 0
            } else if afterPercent, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                number = min(number * 10 + Int(byte - UInt8(ascii: "0")), 10_000_000)
                widest = max(widest, number)
            } else if afterPercent, !"+-# .".utf8.contains(byte) {
                afterPercent = false
            } else if byte == UInt8(ascii: ".") {
                number = 0
            }
        }
        if widest == 0 { return 0 }
        // Each directive pads the argument it takes, element by element.
        let cells = args.reduce(0) { $0 + cellCount($1.data, cap: 1 << 24) }
        return ExecutionBudget.product(widest, max(1, cells))
    }

    /// Scalars in `data` (each is padded on its own), counting no further than `cap`.
    private static func cellCount(_ data: TemplateValue, cap: Int) -> Int {
        switch data {
        case .list(let items): return items.reduce(0) { min(cap, $0 + cellCount($1, cap: cap)) }
        case .map(let entries): return entries.values.reduce(0) { min(cap, $0 + 1 + cellCount($1, cap: cap)) }
        case .structure(_, let fields): return fields.reduce(0) { min(cap, $0 + cellCount($1.value, cap: cap)) }
        default: return 1
        }
    }
}
