/// pflag spellings an ace-dt script may use that swift-argument-parser reads otherwise: a boolean
/// flag given a value (`--strict=false`, `-r=true`) and a one-letter flag with its value attached
/// (`-plinux/amd64`, `-ak=v`, `-p=linux/amd64`). Each becomes the spelling ferry parses, with
/// pflag's meaning; everything after `--` is left alone.
enum AceDTSpelling {
    /// ace-dt's boolean flags on the commands ferry takes (mirror, login, util prune).
    static let booleans: Set<String> = ["recursive", "quiet", "no-term", "index-fallback", "manifest-json", "check",
                                        "continue", "strict", "dry-run", "expand", "password-stdin", "no-auth-check"]
    static let shortBooleans: Set<Character> = ["r", "q"]
    /// ace-dt's one-letter flags that take a value.
    static let shortValued: Set<Character> = ["p", "a", "l", "m", "b", "o", "u", "s"]

    static func rewritten(_ arguments: [String]) -> [String] {
        guard let end = arguments.firstIndex(of: "--") else { return arguments.flatMap(rewritten) }
        return arguments[..<end].flatMap(rewritten) + arguments[end...]
    }

    static func rewritten(_ argument: String) -> [String] {
        if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
            let name = argument[argument.index(argument.startIndex, offsetBy: 2)..<equals]
            guard booleans.contains(String(name)), let on = boolean(argument[argument.index(after: equals)...]) else { return [argument] }
            return on ? ["--" + name] : []
        }
        guard argument.count > 2, argument.hasPrefix("-"), !argument.hasPrefix("--") else { return [argument] }
        let letter = argument[argument.index(after: argument.startIndex)]
        var value = argument.dropFirst(2)
        let hadEquals = value.first == "="
        if hadEquals { value = value.dropFirst() }
        if shortValued.contains(letter) { return ["-\(letter)", String(value)] }
        if shortBooleans.contains(letter), hadEquals, let on = boolean(value) { return on ? ["-\(letter)"] : [] }
        return [argument]
    }

    /// strconv.ParseBool's spellings, which pflag takes.
    private static func boolean(_ text: Substring) -> Bool? {
        switch text {
        case "1", "t", "T", "true", "TRUE", "True": return true
        case "0", "f", "F", "false", "FALSE", "False": return false
        default: return nil
        }
    }
}
