/// Reads the CSV files of the prefix mappers (`first-prefix=`, `all-prefix=`, `longest-prefix=`)
/// and the digest mapper (`digests=`): `SOURCE,DESTINATION` lines, `#` comments.
///
/// ace-dt reads these with Go's `encoding/csv`, `Comment = '#'`, exactly two fields and no
/// trimming; ferry uses the same reader rules (see `CSVReader`). Because nothing is trimmed, a
/// space after the comma would become part of the field and silently turn a rule into one that
/// never matches (or a destination that is not a reference), so white space inside either field
/// is an error here, and so is a control character (a NUL or escape pasted in by accident). The
/// source may be empty (the longest-prefix default); the destination may not: an empty prefix
/// would silently send every matching image to Docker Hub (`docker.io/<rest of the source>`).
public enum MappingFile {
    /// One `SOURCE,DESTINATION` line.
    public struct Rule: Sendable, Equatable {
        /// A reference prefix, or a `sha256:…` digest for the digest mapper; not interpreted here.
        public var source: String
        public var destination: String
        /// 1-based line, so a mapper can name the rule behind a bad destination.
        public var line: Int

        public init(source: String, destination: String, line: Int) {
            self.source = source
            self.destination = destination
            self.line = line
        }
    }

    /// Parses mapping text; `file` names it in errors. Throws `ListFileError` (file:line), or
    /// `ListFileErrors` naming every bad line.
    public static func parse(_ text: String, file: String) throws -> [Rule] {
        let records = try CSVReader(file: file, trimLeadingSpace: false).records(in: text)
        let (rules, problems) = try ListFileErrors.collecting(records) { record in
            guard record.fields.count == 2 else {
                throw ListFileError(file: file, line: record.line, reason:
                    "expected 2 fields (SOURCE,DESTINATION), found \(record.fields.count)")
            }
            for (name, value) in zip(["source", "destination"], record.fields) {
                if let problem = ListFileText.problem(in: value) {
                    throw ListFileError(file: file, line: record.line, reason: "\(name) \(ListFileText.quoted(value)) \(problem)")
                }
            }
            if record.fields[1].isEmpty {
                throw ListFileError(file: file, line: record.line, reason:
                    "destination is empty; write the registry/repository prefix to map to (an empty one would mean docker.io)")
            }
            return Rule(source: record.fields[0], destination: record.fields[1], line: record.line)
        }
        try ListFileErrors.throwIfAny(problems)
        return rules
    }

    /// Reads and parses the file at `path`. An unreadable file throws
    /// `ConfigError.unreadableFile` naming it; bad content throws `ListFileError`.
    public static func load(_ path: String) throws -> [Rule] {
        try parse(try TextFile.read(path), file: path)
    }
}
