/// Writes CSV as Go's `encoding/csv` does, so files ace-dt reads (and diffs of them) match.
public enum CSVWriter {
    /// One record and its `\n`: a field is quoted when it holds a quote, comma or line break,
    /// or starts with a space; quotes inside are doubled.
    public static func line(_ fields: [String]) -> String {
        fields.map { field in
            let quoted = field.contains { $0 == "\"" || $0 == "," || $0 == "\n" || $0 == "\r" } || field.hasPrefix(" ")
            return quoted ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
        }.joined(separator: ",") + "\n"
    }
}
