import Config

/// The prefix mappers: `SOURCE-PREFIX,DEST-PREFIX` lines, a raw string prefix match on the
/// source as written, destination = DEST-PREFIX + the rest of the source (ace-dt's
/// `mapPrefixes` and `getLongestPrefix`).
struct PrefixMapper: CandidateMapper {
    enum Mode: Sendable {
        /// The first matching line.
        case first
        /// Every matching line.
        case all
        /// The longest matching prefix; an empty prefix matches everything (the default rule);
        /// among equally long matches the last line wins, as in ace-dt.
        case longest
    }

    let mode: Mode
    let rules: [MappingFile.Rule]
    let file: String

    /// Loads `file`. Under `first` and `longest` a source prefix written twice is an error naming
    /// both lines: only one of them could ever apply, which is almost always a mistake.
    init(mode: Mode, file: String) throws {
        let rules = try MappingFile.load(file)
        if mode != .all {
            var seen: [String: Int] = [:]
            for rule in rules {
                if let earlier = seen[rule.source] {
                    throw ListFileError(file: file, line: rule.line,
                                        reason: "source prefix \"\(rule.source)\" is also on line \(earlier); only one can apply")
                }
                seen[rule.source] = rule.line
            }
        }
        self.mode = mode
        self.rules = rules
        self.file = file
    }

    func candidates(for subject: MappingSubject) throws -> [CandidateDestination] {
        let source = subject.source
        func destination(_ rule: MappingFile.Rule) -> CandidateDestination {
            CandidateDestination(text: rule.destination + source.dropFirst(rule.source.count), rule: "\(file):\(rule.line)")
        }
        switch mode {
        case .first, .all:
            // An empty prefix is not a rule for these two (ace-dt skips it).
            let matching = rules.filter { !$0.source.isEmpty && source.hasPrefix($0.source) }
            return (mode == .first ? Array(matching.prefix(1)) : matching).map(destination)
        case .longest:
            var best: MappingFile.Rule?
            for rule in rules where source.hasPrefix(rule.source) && rule.source.count >= (best?.source.count ?? 0) {
                best = rule
            }
            return best.map { [destination($0)] } ?? []
        }
    }
}
