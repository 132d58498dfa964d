import Config
import Mapping
import OCI

/// `--subset` and `-l`: which images of a set take part.
struct ImageFilter: Sendable {
    var subset: [SourceEntry]?
    var selectors: [LabelSelector]

    /// Subset first (by source as written, as ace-dt matches it; ferry also accepts the same
    /// reference written differently, and a `name:*` / `tags=/regex/` line for its tags), then
    /// labels: kept when any selector matches.
    func includes(_ subject: MappingSubject) throws -> Bool {
        if let subset, !subset.contains(where: { Self.entry($0, covers: subject.source) }) { return false }
        return try Self.matches(selectors, labels: subject.labels())
    }

    static func matches(_ selectors: [LabelSelector], labels: [String: String]) -> Bool {
        selectors.isEmpty || selectors.contains { $0.matches(labels) }
    }

    private static func entry(_ entry: SourceEntry, covers source: String) -> Bool {
        if let selection = entry.tagSelection {
            let base = SourcesList.repositoryPart(of: entry.reference)
            guard let wanted = try? Reference(parsing: base), let actual = try? Reference(parsing: source),
                  actual.repositoryPath == wanted.repositoryPath, let tag = actual.tag else { return false }
            return selection.matches(tag)
        }
        if entry.reference == source { return true }
        guard let wanted = try? Reference(parsing: entry.reference), let actual = try? Reference(parsing: source) else { return false }
        return wanted == actual
    }
}
