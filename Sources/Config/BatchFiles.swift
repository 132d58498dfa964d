import Foundation
import Streams

/// The files of ace-dt's `batch-serialize` / `batch-deserialize`, read and written with ace-dt's
/// formats so a sync directory can move between the two tools.
///
/// - BATCH-LIST: CSV, a header line, then `name, artifact` (leading spaces trimmed, `#` lines
///   skipped); a name given again takes the later artifact.
/// - The tracker (`record-keeping.csv` in the sync directory): `sync_name,artifact,digest`, one
///   row per stream written, `sync_name` being the file (`000003-tools.tar`).
/// - The sync record (`successful-syncs.csv`): `filename,artifact,timestamp`, one row per stream
///   deserialized.
public enum BatchFiles {
    /// One line of a BATCH-LIST.
    public struct Artifact: Sendable, Equatable {
        public var name: String
        public var reference: String
        public var line: Int
    }

    /// The BATCH-LIST's artifacts, one per name (the last line naming it wins), in file order.
    /// A name becomes a file name and a tag, so it must be a valid tag without `-`'s special
    /// place: letters, digits, `_`, `.` and `-`, not starting with `.` or `-`.
    public static func batchList(_ text: String, file: String) throws -> [Artifact] {
        let records = try CSVReader(file: file, trimLeadingSpace: true).records(in: text).dropFirst()
        var byName: [String: Artifact] = [:]
        var order: [String] = []
        for record in records {
            guard record.fields.count >= 2 else {
                throw ListFileError(file: file, line: record.line, reason: "expected two fields, name and artifact")
            }
            let name = record.fields[0].trimmingCharacters(in: .whitespaces)
            let reference = record.fields[1].trimmingCharacters(in: .whitespaces)
            guard isValidName(name) else {
                throw ListFileError(file: file, line: record.line,
                                    reason: "name \"\(name)\" must be 1-100 letters, digits, '_', '.' or '-', not starting with '.' or '-' (it becomes a file name and a tag)")
            }
            guard !reference.isEmpty else { throw ListFileError(file: file, line: record.line, reason: "empty artifact for \(name)") }
            if byName[name] == nil { order.append(name) } else { order.removeAll { $0 == name }; order.append(name) }
            byName[name] = Artifact(name: name, reference: reference, line: record.line)
        }
        return order.compactMap { byName[$0] }
    }

    /// Reads and parses the BATCH-LIST at `path` (`-` is standard input).
    public static func loadBatchList(_ path: String) throws -> [Artifact] {
        try batchList(try TextFile.read(path), file: path == "-" ? "(standard input)" : path)
    }

    static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, name.count <= 100, first != ".", first != "-" else { return false }
        return name.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "_.-".unicodeScalars.contains($0)) }
    }

    /// A stream file of a sync directory: `NNNNNN-NAME.tar` (`.tar.gz`, `.tar.zst`).
    public struct StreamFile: Sendable, Equatable {
        public var number: Int
        public var name: String
        public var fileName: String

        /// The extensions batch-serialize writes, longest first.
        public static let extensions = [".tar.zst", ".tar.gz", ".tar"]

        public init?(fileName: String) {
            guard let dash = fileName.firstIndex(of: "-"), let number = Int(fileName[..<dash]), number >= 0,
                  let ext = Self.extensions.first(where: { fileName.hasSuffix($0) }) else { return nil }
            let name = String(fileName[fileName.index(after: dash)...].dropLast(ext.count))
            guard BatchFiles.isValidName(name) else { return nil }
            self.number = number
            self.name = name
            self.fileName = fileName
        }

        public init(number: Int, name: String, extension ext: String) {
            self.number = number
            self.name = name
            self.fileName = String(format: "%06d", number) + "-" + name + ext
        }
    }

    /// One row of the tracker.
    public struct TrackerRow: Sendable, Equatable {
        public var stream: StreamFile
        public var artifact: String
        public var digest: String

        public init(stream: StreamFile, artifact: String, digest: String) {
            self.stream = stream
            self.artifact = artifact
            self.digest = digest
        }
    }

    /// The tracker's rows (none when the file is missing). A row whose file name is not a
    /// stream file name is an error naming its line.
    public static func tracker(at path: String) throws -> [TrackerRow] {
        guard TextFile.exists(path) else { return [] }
        return try CSVReader(file: path, trimLeadingSpace: true).records(in: try TextFile.read(path)).dropFirst().map { record in
            guard record.fields.count >= 3, let stream = StreamFile(fileName: record.fields[0]) else {
                throw ListFileError(file: path, line: record.line, reason: "expected NNNNNN-NAME.tar,artifact,digest")
            }
            return TrackerRow(stream: stream, artifact: record.fields[1], digest: record.fields[2])
        }
    }

    /// The file names the sync record lists as deserialized (none when it is missing).
    public static func syncedFiles(at path: String) throws -> Set<String> {
        guard TextFile.exists(path) else { return [] }
        let records = try CSVReader(file: path, trimLeadingSpace: false).records(in: try TextFile.read(path))
        return Set(records.dropFirst().compactMap(\.fields.first))
    }

    /// Appends a row to a CSV record file, writing `header` first when the file is new or empty,
    /// and makes it durable before returning: a row is written only once its stream is done,
    /// and a crash after that must not forget it.
    public static func append(_ fields: [String], header: [String], to path: String) throws {
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ConfigError.unwritableFile(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var info = stat()
        let isEmpty = fstat(fd, &info) == 0 && info.st_size == 0
        let text = (isEmpty ? CSVWriter.line(header) : "") + CSVWriter.line(fields)
        if let code = DescriptorWriter.writeAll(fd, text) {
            throw ConfigError.unwritableFile(path: path, reason: String(cString: strerror(code)))
        }
        guard fsync(fd) == 0 else { throw ConfigError.unwritableFile(path: path, reason: String(cString: strerror(errno))) }
    }
}
