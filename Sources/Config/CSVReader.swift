/// One CSV record and the 1-based line it starts on.
struct CSVRecord: Equatable {
    var fields: [String]
    var line: Int
}

/// Reads CSV with the acceptance rules of Go's `encoding/csv` as ace-dt configures it
/// (`Comment = '#'`, strict quotes), so a file ace-dt reads parses to the same fields here.
///
/// Go's rules mirrored: a record is skipped only when `#` is the very first character of its
/// line (an indented `#` is data); `""` inside a quoted field is one quote; a quoted field may
/// span lines; a quote inside an unquoted field, text after a closing quote, or a quote never
/// closed is an error; `\r\n` counts as `\n`. With `trimLeadingSpace` (sources.list) Unicode
/// white space before each field is dropped, also before an opening quote.
/// ferry leniencies: a line of only white space is skipped like an empty one (Go would return a
/// record with one empty field), and a leading byte-order mark is ignored.
struct CSVReader {
    let file: String
    let trimLeadingSpace: Bool

    private typealias Line = [Unicode.Scalar]

    func records(in text: String) throws -> [CSVRecord] {
        let lines = Self.physicalLines(text)
        var records: [CSVRecord] = []
        var index = 0
        while index < lines.count {
            let start = index
            index += 1
            let line = lines[start]
            if line.first == "#" || line.allSatisfy({ $0.properties.isWhitespace }) { continue }
            let fields = try parseRecord(lines: lines, next: &index, start: start)
            records.append(CSVRecord(fields: fields, line: start + 1))
        }
        return records
    }

    /// The text split after each `\n`; each line keeps its `\n` (with `\r\n` folded to `\n`),
    /// and a final `\r` without a newline is dropped, as Go's reader does.
    private static func physicalLines(_ text: String) -> [Line] {
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        var lines: [Line] = []
        var current: Line = []
        for scalar in scalars {
            if scalar == "\n" {
                if current.last == "\r" { current.removeLast() }
                current.append("\n")
                lines.append(current)
                current = []
            } else {
                current.append(scalar)
            }
        }
        if current.last == "\r" { current.removeLast() }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    /// Parses the record starting at `lines[start]`; `next` moves past any extra lines a quoted
    /// field spans.
    private func parseRecord(lines: [Line], next: inout Int, start: Int) throws -> [String] {
        var line = lines[start]
        var lineNumber = start + 1
        var position = 0
        var fields: [String] = []
        while true {
            if trimLeadingSpace {
                while position < line.count, line[position].properties.isWhitespace { position += 1 }
            }
            if position >= line.count || line[position] != "\"" {
                var end = position
                while end < line.count, line[end] != "," { end += 1 }
                var fieldEnd = end
                if fieldEnd == line.count, fieldEnd > position, line[fieldEnd - 1] == "\n" { fieldEnd -= 1 }
                let field = line[position..<fieldEnd]
                if let quote = field.firstIndex(of: "\"") {
                    throw failure(lineNumber, "bare \" in unquoted field (column \(quote + 1)); "
                        + "quote the whole field and double the quotes inside it")
                }
                fields.append(Self.string(field))
                if end == line.count { return fields }
                position = end + 1
                continue
            }
            // Quoted field: runs to the closing quote, possibly across lines.
            let openLine = lineNumber
            position += 1
            var value: Line = []
            quoted: while true {
                if let quote = line[position...].firstIndex(of: "\"") {
                    value += line[position..<quote]
                    position = quote + 1
                    let rest = line.count - position
                    if rest > 0, line[position] == "\"" {
                        value.append("\"")
                        position += 1
                    } else if rest > 0, line[position] == "," {
                        position += 1
                        break quoted
                    } else if rest == 0 || (rest == 1 && line[position] == "\n") {
                        fields.append(Self.string(value[...]))
                        return fields
                    } else {
                        throw failure(lineNumber, "unexpected text after the closing quote of a field "
                            + "(column \(position + 1)); write a quote inside a quoted field as \"\"")
                    }
                } else if position < line.count {
                    value += line[position...]
                    guard next < lines.count else { throw failure(openLine, "quoted field is never closed") }
                    line = lines[next]
                    next += 1
                    lineNumber += 1
                    position = 0
                } else {
                    throw failure(openLine, "quoted field is never closed")
                }
            }
            fields.append(Self.string(value[...]))
        }
    }

    private func failure(_ line: Int, _ reason: String) -> ListFileError {
        ListFileError(file: file, line: line, reason: reason)
    }

    private static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }
}
