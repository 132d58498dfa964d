/// Checks shared by the list files (sources.list, mapping CSV) on a field that must be one word.
enum ListFileText {
    /// Why `value` cannot be a reference or prefix: white space, or a control character (NUL,
    /// escape, …) that no reference holds and that a terminal would not show. nil when neither.
    static func problem(in value: String) -> String? {
        if value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && !$0.properties.isWhitespace }) {
            return "contains a control character"
        }
        if value.unicodeScalars.contains(where: { $0.properties.isWhitespace }) { return "contains white space" }
        return nil
    }

    /// `value` in quotes with control characters escaped, so a message shows what is there.
    static func quoted(_ value: String) -> String {
        var text = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\0": text += "\\0"
            case "\t": text += "\\t"
            case "\r": text += "\\r"
            case "\n": text += "\\n"
            case "\"": text += "\\\""
            default:
                text += scalar.properties.generalCategory == .control ? "\\u{\(String(scalar.value, radix: 16))}" : String(scalar)
            }
        }
        return text + "\""
    }
}
