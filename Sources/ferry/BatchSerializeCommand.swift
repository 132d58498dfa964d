import ArgumentParser
import Config
import Foundation
import OCI
import Store
import Workflows

/// `ferry batch-serialize BATCH-LIST SYNC-DIRECTORY`: ace-dt's `mirror batch-serialize`. Each
/// artifact of the list becomes a numbered stream in the sync directory holding only the blobs
/// the earlier streams of the same name did not carry; the tracker file remembers what was written.
struct BatchSerializeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch-serialize",
        abstract: "Serialize a list of gather artifacts to numbered streams, each leaving out what earlier ones carried.",
        discussion: """
        BATCH-LIST is CSV: a header line, then `name, artifact` (a name given again takes the later artifact). Each artifact not yet in the tracker (SYNC-DIRECTORY/record-keeping.csv: sync_name,artifact,digest) is written to SYNC-DIRECTORY/NNNNNN-NAME.tar (.tar.gz, .tar.zst), numbered after the highest number so far, leaving out the blobs of the artifacts earlier streams of that name carried. An artifact whose tag now names other content is written again. The tracker gains its row as soon as its stream is complete.

        Exit codes: 0 ok, 1 failure, 2 usage, 130 interrupted.
        """)

    @Argument(help: "CSV of name, artifact (a header line first).")
    var batchList: String

    @Argument(help: "Directory of the numbered streams and the tracker file.")
    var syncDirectory: String

    @Option(name: .customLong("tracker-filename"), help: "Tracker file name in SYNC-DIRECTORY.")
    var trackerFilename = "record-keeping.csv"

    @Option(help: "Compress the streams: zstd or gzip.")
    var compression: String?

    @Flag(name: .customLong("manifest-json"), help: "Also write a docker-save style manifest.json in each stream.")
    var manifestJSON = false

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if let compression, !["zstd", "gzip"].contains(compression) {
            throw ValidationError("--compression \(compression): use zstd or gzip")
        }
        if trackerFilename.contains("/") { throw ValidationError("--tracker-filename is a file name in SYNC-DIRECTORY, not a path") }
    }

    func run() async throws {
        try await CommandOutcome.run {
            let artifacts = try BatchFiles.loadBatchList(batchList)
            try FileManager.default.createDirectory(atPath: syncDirectory, withIntermediateDirectories: true)
            let trackerPath = (syncDirectory as NSString).appendingPathComponent(trackerFilename)
            var tracker = try BatchFiles.tracker(at: trackerPath)
            let client = try global.makeClient()
            for artifact in artifacts {
                let location = try ImageArgument.parsed(artifact.reference, in: batchList, line: artifact.line)
                let digest = try await ContentFactory.source(location, client: client).root().descriptor.digest.description
                let earlier = tracker.filter { $0.stream.name == artifact.name }
                if let same = earlier.last(where: { $0.artifact == artifact.reference && $0.digest == digest }) {
                    if !global.quiet { Console.out("\(artifact.name): \(artifact.reference) is already in \(same.stream.fileName)\n") }
                    continue
                }
                let number = (tracker.map(\.stream.number).max() ?? 0) + 1
                let file = BatchFiles.StreamFile(number: number, name: artifact.name, extension: streamExtension)
                let path = (syncDirectory as NSString).appendingPathComponent(file.fileName)
                var arguments = [Self.pinned(artifact.reference, digest), path] + earlier.map { Self.pinned($0.artifact, $0.digest) }
                if let compression { arguments += ["--compression", compression] }
                if manifestJSON { arguments.append("--manifest-json") }
                var serialize = try SerializeCommand.parse(arguments + global.forwarded)
                try await serialize.run()
                try BatchFiles.append([file.fileName, artifact.reference, digest], header: ["sync_name", "artifact", "digest"], to: trackerPath)
                tracker.append(BatchFiles.TrackerRow(stream: file, artifact: artifact.reference, digest: digest))
                if !global.quiet { Console.out("\(artifact.name): \(artifact.reference) -> \(path)\n") }
            }
        }
    }

    private var streamExtension: String {
        switch compression {
        case "zstd": ".tar.zst"
        case "gzip": ".tar.gz"
        default: ".tar"
        }
    }

    /// A registry reference pinned to the digest it had when checked, so the stream (and a
    /// later stream's left-out set) is exactly what the tracker records; layouts stay as written.
    static func pinned(_ reference: String, _ digest: String) -> String {
        reference.hasPrefix("oci:") || reference.contains("@") ? reference : "\(reference)@\(digest)"
    }
}

extension GlobalOptions {
    /// The options a command composed of other commands hands on to each of them.
    var forwarded: [String] {
        config.flatMap { ["--config", $0] } + (quiet ? ["-q"] : [])
    }
}

extension ImageArgument {
    /// A reference read from a file, parsed as the command line would, its errors naming file:line.
    static func parsed(_ text: String, in file: String, line: Int) throws -> ImageLocation {
        do { return try ImageLocation(parsing: text) } catch {
            throw ListFileError(file: file, line: line, reason: "\(error)")
        }
    }
}
