/// sprig's `snakecase`/`kebabcase` (huandu/xstrings `ToSnakeCase`/`ToKebabCase`) for the common
/// shapes: camelCase and PascalCase humps, acronyms (`HTTPServer` → `http_server`), and runs of
/// spaces, `_`, `-` or `.` between words. Digits stay with the word before them.
extension Functions {
    static let sprigCase: FunctionTable = [
        "snakecase": GoFunction([.string]) { .string(lowerWords(str($0[0]), connector: "_")) },
        "kebabcase": GoFunction([.string]) { .string(lowerWords(str($0[0]), connector: "-")) },
    ]

    /// Each space, `_` or `-` becomes one connector; other punctuation is kept as is; words
    /// that touch get a connector between them.
    static func lowerWords(_ text: String, connector: Character) -> String {
        var out = ""
        var current = ""
        var previousWasWord = false
        func flush() {
            guard !current.isEmpty else { return }
            if previousWasWord { out.append(connector) }
            out += current.lowercased()
            current = ""
            previousWasWord = true
        }
        let characters = Array(text)
        for (index, character) in characters.enumerated() {
            guard character.isLetter || character.isNumber else {
                flush()
                out.append(" _-".contains(character) ? connector : character)
                previousWasWord = false
                continue
            }
            if character.isUppercase, let previous = current.last {
                let next = index + 1 < characters.count ? characters[index + 1] : nil
                if previous.isLowercase || previous.isNumber || previous.isUppercase && (next?.isLowercase ?? false) {
                    flush()
                }
            }
            current.append(character)
        }
        flush()
        return out
    }
}
