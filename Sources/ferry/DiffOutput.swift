import ArgumentParser
import Config
import Foundation
import Gather
import OCI

/// One `-o` of `ferry diff`: a format and where it goes (standard output, or a file).
struct DiffOutput: Sendable {
    enum Format: String, Sendable, CaseIterable {
        case table, csv, json

        func render(_ entries: [GatherListing.Entry]) -> String {
            let rows = entries.map { [$0.reference, $0.digest.description] }
            switch self {
            case .table: return AceTable.render([["reference", "digest"]] + rows)
            case .csv: return ([["reference", "digest"]] + rows).map(CSVWriter.line).joined()
            case .json:
                let objects = entries.map { "{\"digest\":\(GoJSON.quote($0.digest.description)),\"reference\":\(GoJSON.quote($0.reference))}" }
                return "[" + objects.joined(separator: ",") + "]\n"
            }
        }
    }

    var format: Format
    /// nil or "-": standard output.
    var file: String?

    /// `table`, `csv=out.csv`, or a comma list of them.
    static func parse(_ text: String) throws -> [DiffOutput] {
        try CommaList.items(text).map { item in
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard let format = Format(rawValue: parts[0]) else {
                throw ValidationError("-o \(item): unknown format \"\(parts[0])\"; use table, csv or json, optionally =FILE")
            }
            if parts.count == 2 && parts[1].isEmpty { throw ValidationError("-o \(item): no file name after '='") }
            return DiffOutput(format: format, file: parts.count == 2 ? parts[1] : nil)
        }
    }

    /// Writes `text` to standard output or replaces the file (ace-dt leaves an older, longer
    /// file's tail behind).
    func write(_ text: String) throws {
        guard let file, file != "-" else {
            Console.out(text)
            return
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        } catch {
            throw ValidationError("-o \(format.rawValue)=\(file): cannot write: \(error.localizedDescription)")
        }
    }
}

/// ace-dt's table printer: a dashed line above the header and above every row that starts a
/// new first-column value, columns joined by `|`, the first padded to its widest cell plus one
/// (Go's tabwriter with padding 1), and an empty line at the end.
enum AceTable {
    static func render(_ table: [[String]]) -> String {
        guard let columns = table.map(\.count).max(), columns > 0 else { return "\n" }
        var widths = Array(repeating: 0, count: columns)
        for row in table { for (column, cell) in row.enumerated() { widths[column] = max(widths[column], cell.count) } }
        let separator = widths.map { String(repeating: "-", count: $0) }
        var lines: [[String]] = []
        var previous: String?
        for row in table where !row.isEmpty {
            if row[0] != previous { lines.append(separator) }
            lines.append(row)
            previous = row[0]
        }
        // Each cell but the last ends in a tab: tabwriter pads those to the column's widest + 1.
        var padded = Array(repeating: 0, count: columns)
        for line in lines { for (column, cell) in line.dropLast().enumerated() { padded[column] = max(padded[column], cell.count + 1) } }
        let text = lines.map { line in
            line.enumerated().map { column, cell in
                column == line.count - 1 ? cell : cell + String(repeating: " ", count: padded[column] - cell.count)
            }.joined(separator: "|")
        }
        return (text + [""]).joined(separator: "\n") + "\n"
    }
}
