import ArgumentParser
import Deserialize
import Config
import Foundation
import Store
import Workflows

/// `ferry deserialize SOURCE-FILE IMAGE`: a stream back into a registry or layout, verified.
struct DeserializeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deserialize",
        abstract: "Read a serialized stream into a registry or OCI layout, verifying every blob.",
        discussion: """
        SOURCE-FILE is a file, - for stdin, or a tape device; plain, gzip or zstd. IMAGE is REF or oci:DIR[:TAG]; the stream's root is tagged there. Blobs already present are not sent again, so an interrupted run just runs again. A manifest is pushed only when everything under it is present.

        Exit codes: 0 ok, 1 failure (a truncated, corrupt or invalid stream names the missing or corrupt blobs and the invalid manifests; the root is then not tagged), 2 usage, 130 interrupted.
        """)

    @Argument(help: "The stream: a file, - (stdin) or a tape device.")
    var sourceFile: String

    @Argument(help: "Destination: REF, docker://REF or oci:DIR[:TAG].")
    var image: String

    @Option(name: [.short, .customLong("block-size")], help: "Bytes per read (at least the tape's block size).")
    var blockSize = "1MiB"

    @Option(name: .customLong("spool-size"),
            help: "Disk that large blobs may take (in ~/.cache/ferry/spool) so several upload at once; 0 streams each one straight through.")
    var spoolSize = "1GiB"

    @Flag(help: "Fail on any entry an OCI layout stream does not have.")
    var strict = false

    @Flag(name: .customLong("dry-run"), help: "Read and verify everything; write nothing anywhere (no push, no spool, no cache).")
    var dryRun = false

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        _ = try StreamOptions.size(blockSize, flag: "--block-size")
        _ = try spoolBytes()
        _ = try ImageLocation.parsingForCLI(image)
    }

    func run() async throws {
        let report = Reporter(quiet: global.quiet, json: global.json, stage: "deserialize")
        if let size = Reporter.regularFileSize(sourceFile) { report.expect(bytes: size) }
        var options = DeserializeOptions()
        options.blockSize = try StreamOptions.size(blockSize, flag: "--block-size")
        options.strict = strict
        options.dryRun = dryRun
        options.spoolBytes = try spoolBytes()
        do {
            let client = try global.makeClient()
            let location = try ImageLocation.parsingForCLI(image)
            let (target, cleanup) = try dryRun ? ContentFactory.readOnlyTarget(location, client: client)
                                               : ContentFactory.writableTarget(location, client: client)
            defer { cleanup() }
            guard let readable = target as? any Deserializer.Target else { throw ValidationError("\(image) cannot be read back") }
            let summary = try await Deserializer(target: readable, options: options) { report.deserializeEvent($0) }.run(from: sourceFile)
            report.deserialized(summary, source: sourceFile, image: image, dryRun: dryRun)
        } catch {
            report.fail(error)
            throw ExitCode.failure
        }
    }

    private func spoolBytes() throws -> Int64 {
        guard let bytes = try? ByteSize.parse(spoolSize), bytes >= 0 else {
            throw ValidationError("--spool-size \(spoolSize): a size such as 1GiB or 512MiB, or 0")
        }
        return bytes
    }
}
