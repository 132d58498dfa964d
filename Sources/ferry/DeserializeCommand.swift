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
        SOURCE-FILE is a file, - for stdin, or a tape device; plain, gzip or zstd. A name ending in .000 is the first volume of a split stream: .001, .002, … are read after it. IMAGE is REF or oci:DIR[:TAG]; the stream's root is tagged there. Blobs already present are not sent again, so an interrupted run just runs again. A manifest is pushed only when everything under it is present.

        Exit codes: 0 ok, 1 failure (a truncated, corrupt or invalid stream names the missing or corrupt blobs and the invalid manifests; the root is then not tagged), 2 usage, 130 interrupted.
        """)

    @Argument(help: "The stream: a file, - (stdin) or a tape device.")
    var sourceFile: String

    @Argument(help: "Destination: REF, docker://REF or oci:DIR[:TAG].")
    var image: ImageArgument

    @Option(name: [.short, .customLong("block-size")], help: "Bytes per read (at least the tape's block size); 0, ace-dt's default, is 1MiB.")
    var blockSize = ReadBlockSize.standard

    @Option(name: .customLong("spool-size"),
            help: "Disk that large blobs may take (in ~/.cache/ferry/spool) so several upload at once; 0 streams each one straight through.")
    var spoolSize = SpoolSize.standard

    @Flag(help: "Fail on any entry an OCI layout stream does not have, or out of ace-dt's order (oci-layout, index.json, then blobs).")
    var strict = false

    @Flag(name: .customLong("dry-run"), help: "Read and verify everything; write nothing anywhere (no push, no spool, no cache).")
    var dryRun = false

    @Option(help: "Write a receipt (JSON: the root and every manifest and blob the target holds under it) once the set is complete; - for stdout.")
    var receipt: String?

    @Option(name: .customLong("existing-from-receipt"),
            help: "The receipt of an earlier set: blobs the stream leaves out are mounted from the repository it names; repeatable.")
    var existingFromReceipt: [String] = []

    @OptionGroup var volumes: VolumeOptions

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if receipt != nil && dryRun { throw ValidationError("--receipt cannot be combined with --dry-run: a dry run stores nothing to give a receipt for") }
    }

    func run() async throws {
        let report = Reporter(quiet: global.quiet, json: global.json, outputIsData: receipt == "-", stage: "deserialize")
        if let size = Reporter.regularFileSize(sourceFile) { report.expect(bytes: size) }
        var options = DeserializeOptions()
        options.blockSize = blockSize.readBytes
        options.waitForVolume = volumes.waitForVolume
        options.strict = strict
        options.dryRun = dryRun
        options.spoolBytes = spoolSize.bytes
        options.receipt = receipt
        options.existingReceipts = existingFromReceipt
        options.targetName = image.text
        do {
            let client = try global.makeClient()
            let (target, cleanup) = try dryRun ? ContentFactory.readOnlyTarget(image.location, client: client)
                                               : ContentFactory.writableTarget(image.location, client: client)
            defer { cleanup() }
            guard let readable = target as? any Deserializer.Target else { throw ValidationError("\(image.text) cannot be read back") }
            let summary = try await Deserializer(target: readable, options: options) { report.deserializeEvent($0) }.run(from: sourceFile)
            report.deserialized(summary, source: sourceFile, image: image.text, dryRun: dryRun)
        } catch {
            report.fail(error)
            throw ExitCode.failure
        }
    }
}
