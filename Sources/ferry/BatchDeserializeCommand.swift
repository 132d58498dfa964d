import ArgumentParser
import Config
import Foundation

/// `ferry batch-deserialize SYNC-DIRECTORY DESTINATION`: ace-dt's `mirror batch-deserialize`.
/// Every numbered stream of the directory not yet in the sync record goes to DESTINATION, tagged
/// with its name, in number order.
struct BatchDeserializeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch-deserialize",
        abstract: "Deserialize the numbered streams of a sync directory, each tagged with its name.",
        discussion: """
        SYNC-DIRECTORY holds NNNNNN-NAME.tar (.tar.gz, .tar.zst) files as batch-serialize writes them; DESTINATION is a repository without a tag: NNNNNN-NAME.tar is pushed as DESTINATION:NAME. Streams are taken in number order, since a later one leaves out blobs an earlier one carried. Files already listed in the sync record (SYNC-DIRECTORY/successful-syncs.csv: filename,artifact,timestamp) are skipped; each stream gets its row as soon as it is in. .csv files, directories and hidden files are ignored; any other file is an error, named before anything is pushed.

        Exit codes: 0 ok, 1 failure, 2 usage, 130 interrupted.
        """)

    @Argument(help: "Directory of numbered streams.")
    var syncDirectory: String

    @Argument(help: "Repository to push to, without a tag (REF, docker://REF or oci:DIR).")
    var destination: String

    @Option(name: .customLong("sync-filename"), help: "Sync record file name in SYNC-DIRECTORY.")
    var syncFilename = "successful-syncs.csv"

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if syncFilename.contains("/") { throw ValidationError("--sync-filename is a file name in SYNC-DIRECTORY, not a path") }
        if destination.hasPrefix("oci:") ? destination.dropFirst(4).contains(":") : destination.split(separator: "/").last?.contains(":") == true
            || destination.contains("@") {
            throw ValidationError("DESTINATION \(destination) must name a repository without a tag or digest: each stream is tagged with its name")
        }
    }

    func run() async throws {
        try await CommandOutcome.run {
            let recordPath = (syncDirectory as NSString).appendingPathComponent(syncFilename)
            let synced = try BatchFiles.syncedFiles(at: recordPath)
            for stream in try streams() where !synced.contains(stream.fileName) {
                let target = "\(destination):\(stream.name)"
                let path = (syncDirectory as NSString).appendingPathComponent(stream.fileName)
                var deserialize = try DeserializeCommand.parse([path, target] + global.forwarded)
                try await deserialize.run()
                let time = ISO8601DateFormatter().string(from: Date())
                try BatchFiles.append([stream.fileName, target, time], header: ["filename", "artifact", "timestamp"], to: recordPath)
                if !global.quiet { Console.out("\(stream.fileName) -> \(target)\n") }
            }
        }
    }

    /// The directory's streams in number order; a file that is neither a stream, a .csv, a
    /// directory nor hidden is an error.
    private func streams() throws -> [BatchFiles.StreamFile] {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: syncDirectory) } catch {
            throw CommandError("\(syncDirectory): cannot read the directory: \(error.localizedDescription)")
        }
        var result: [BatchFiles.StreamFile] = []
        for name in names.sorted() where !name.hasPrefix(".") && !name.hasSuffix(".csv") {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: (syncDirectory as NSString).appendingPathComponent(name), isDirectory: &isDirectory)
            if isDirectory.boolValue { continue }
            guard let stream = BatchFiles.StreamFile(fileName: name) else {
                throw CommandError("\(syncDirectory)/\(name): not a batch stream (NNNNNN-NAME.tar, .tar.gz or .tar.zst); move it out of the sync directory")
            }
            result.append(stream)
        }
        return result.sorted { ($0.number, $0.name) < ($1.number, $1.name) }
    }
}
