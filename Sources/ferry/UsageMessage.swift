import ArgumentParser

/// Usage errors in ferry's one error style: `ferry: error: …` on the first line (as every other
/// error), then the usage and where to read more; a mistyped command gets a suggestion.
enum UsageMessage {
    /// The message for an error swift-argument-parser reports (its "Error: " becomes ferry's).
    static func text(for error: any Error) -> String {
        var message = ArgumentRefusals.shared.reworded(Ferry.fullMessage(for: error))
        if message.hasPrefix("Error: ") { message = "ferry: error: " + message.dropFirst("Error: ".count) }
        else if !message.hasPrefix("ferry: ") { message = "ferry: error: " + message }
        return message
    }

    /// For `ferry gathr …`: the unknown command named, with the nearest real one. Nil when the
    /// first argument is an option or a command ferry has.
    static func unknownCommand(_ arguments: [String]) -> String? {
        guard let first = arguments.first, !first.hasPrefix("-") else { return nil }
        let names = Ferry.configuration.subcommands.map { $0._commandName } + ["help"]
        guard !names.contains(first) else { return nil }
        let hint = nearest(first, among: names).map { " (did you mean '\($0)'?)" } ?? ""
        return """
            ferry: error: unknown command '\(first)'\(hint)
            Usage: ferry <command> [<options>]; commands: \(names.dropLast().joined(separator: ", "))
              See 'ferry --help' for more information.
            """
    }

    /// The closest name by edit distance, if it is close enough to be what was meant.
    static func nearest(_ word: String, among names: [String]) -> String? {
        if word.count >= 2, let started = names.first(where: { $0.hasPrefix(word) }) { return started }
        let scored = names.map { ($0, distance(word, $0)) }.min { $0.1 < $1.1 }
        guard let (name, score) = scored, score <= max(1, min(word.count, name.count) / 3) else { return nil }
        return name
    }

    /// Levenshtein distance.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where j <= b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
