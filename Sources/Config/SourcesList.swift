/// Reads sources.list files, the input of gather, clone and archive.
///
/// The format is ace-dt's: CSV (Go `encoding/csv` rules, see `CSVReader`) with leading spaces
/// trimmed and any number of fields; lines whose first character is `#` and blank lines are
/// skipped. Field 1 is the image reference, kept as written; every further field is a
/// `key=value` Kubernetes label (key and value are trimmed of surrounding white space, as
/// ace-dt does). ferry is stricter than ace-dt where ace-dt silently misbehaves: a duplicate key
/// (ace-dt keeps the last) and white space inside the reference are errors, and an indented `#`
/// line (data to Go's reader, so a source named `#…`) is reported instead of fetched, and so is a
/// control character in the reference (a NUL or escape sequence a terminal would not show).
///
/// ferry extension: the tag `*` (`alpine:*`) or a field `tags=/regex/` selects tags to expand.
/// `tags` whose value does not start with `/` stays an ordinary label, so an ace-dt file that
/// uses a label named `tags` keeps working.
public enum SourcesList {
    /// Parses sources.list text; `file` names it in errors. Throws `ListFileError` (file:line),
    /// or `ListFileErrors` naming every bad line.
    public static func parse(_ text: String, file: String) throws -> [SourceEntry] {
        let (entries, problems) = try parseCollecting(text, file: file)
        try ListFileErrors.throwIfAny(problems)
        return entries
    }

    /// The good entries and the problem of every bad line (a later check can add its own and
    /// report them all at once). Throws only when the file as a whole cannot be read as CSV.
    public static func parseCollecting(_ text: String, file: String) throws -> (entries: [SourceEntry], problems: [ListFileError]) {
        let records = try CSVReader(file: file, trimLeadingSpace: true).records(in: text)
        let (entries, problems) = try ListFileErrors.collecting(records) { try entry($0, file: file) }
        return (entries, problems)
    }

    /// Reads and parses the file at `path`. An unreadable file throws
    /// `ConfigError.unreadableFile` naming it; bad content throws `ListFileError`.
    public static func load(_ path: String) throws -> [SourceEntry] {
        try parse(try TextFile.read(path), file: path)
    }

    /// `load`, keeping the problems of bad lines apart (see `parseCollecting`).
    public static func loadCollecting(_ path: String) throws -> (entries: [SourceEntry], problems: [ListFileError]) {
        try parseCollecting(try TextFile.read(path), file: path)
    }

    /// The reference with a `*` tag removed, for listing the repository's tags:
    /// `"alpine:*"` → `"alpine"`, `"localhost:5000/app:*"` → `"localhost:5000/app"`.
    /// Any other reference is returned unchanged.
    public static func repositoryPart(of reference: String) -> String {
        guard reference.hasSuffix(":*"), !reference.contains("@"), reference.count > 2 else { return reference }
        return String(reference.dropLast(2))
    }

    private static func entry(_ record: CSVRecord, file: String) throws -> SourceEntry {
        func failure(_ reason: String) -> ListFileError {
            ListFileError(file: file, line: record.line, reason: reason)
        }
        let reference = record.fields.first ?? ""
        try checkReference(reference, failure: failure)

        var labels: [String: String] = [:]
        var pattern: String?
        var seen: Set<String> = []
        for field in record.fields.dropFirst() {
            guard let equals = field.firstIndex(of: "=") else {
                throw failure("label \"\(field)\" is not key=value")
            }
            let key = trimmed(field[..<equals])
            let value = trimmed(field[field.index(after: equals)...])
            if let problem = KubernetesLabel.keyProblem(key) {
                throw failure("label key \"\(key)\": \(problem)")
            }
            guard seen.insert(key).inserted else {
                throw failure("label key \"\(key)\" appears more than once")
            }
            if key == "tags", value.hasPrefix("/") {
                pattern = try tagPattern(value, failure: failure)
                continue
            }
            if let problem = KubernetesLabel.valueProblem(value) {
                let hint = key == "tags" ? " (to select tags by regex write tags=/regex/)" : ""
                throw failure("label \"\(key)\" value \"\(value)\": \(problem)\(hint)")
            }
            labels[key] = value
        }

        let selection = try tagSelection(reference: reference, pattern: pattern, failure: failure)
        return SourceEntry(reference: reference, labels: labels, line: record.line, tagSelection: selection)
    }

    /// Only what this module must know about field 1; the reference grammar is checked by the
    /// module that parses references.
    private static func checkReference(_ reference: String, failure: (String) -> ListFileError) throws {
        if reference.isEmpty { throw failure("field 1 (the image reference) is empty") }
        if reference.hasPrefix("#") {
            throw failure("\"#\" starts a comment only in the first column; remove the indentation")
        }
        if let problem = ListFileText.problem(in: reference) {
            throw failure("reference \(ListFileText.quoted(reference)) \(problem)")
        }
    }

    private static func tagSelection(
        reference: String, pattern: String?, failure: (String) -> ListFileError
    ) throws -> TagSelection? {
        let stars = reference.filter { $0 == "*" }.count
        let name = reference.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false)[0]
        let lastComponent = name.split(separator: "/", omittingEmptySubsequences: false).last ?? name
        let starTag = stars == 1 && name.hasSuffix(":*") && lastComponent.hasPrefix(":") == false
        if stars > 0, !starTag {
            throw failure("\"*\" is only allowed as a whole tag (name:*); use tags=/regex/ to select some tags")
        }
        let hasDigest = reference.contains("@")
        if starTag, hasDigest {
            throw failure("a \"*\" tag cannot be combined with a digest")
        }
        if starTag, pattern != nil {
            throw failure("a \"*\" tag and tags=/regex/ cannot be combined; use one or the other")
        }
        if starTag { return .all }
        guard let pattern else { return nil }
        if hasDigest || lastComponent.contains(":") {
            throw failure("tags=/regex/ needs a reference without a tag or digest")
        }
        return .matching(pattern)
    }

    /// The regex between the slashes of a `tags=/…/` value, checked to compile and anchor.
    private static func tagPattern(_ value: String, failure: (String) -> ListFileError) throws -> String {
        guard value.count >= 2, value.hasSuffix("/") else {
            throw failure("tags=\(value): write the regex between slashes, e.g. tags=/^3\\./")
        }
        let pattern = String(value.dropFirst().dropLast())
        if pattern.isEmpty { throw failure("tags=//: the regex is empty") }
        do {
            _ = try TagPattern.compile(pattern)
        } catch {
            throw failure("tags=\(value): \(error.reason)")
        }
        return pattern
    }

    /// Go's `strings.TrimSpace`: Unicode white space off both ends.
    private static func trimmed(_ text: Substring) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }
}
