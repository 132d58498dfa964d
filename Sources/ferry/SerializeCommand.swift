import ArgumentParser
import Config
import Foundation
import Registry
import Serialize
import Store
import Workflows
import TarStream

/// `ferry serialize IMAGE DEST [EXISTING-IMAGE...]`: a gather result as one tape-safe tar stream.
struct SerializeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serialize",
        abstract: "Write an image set as one tar stream to a file, stdout or a tape.",
        discussion: """
        IMAGE is a gather result (REF or oci:DIR[:TAG]); DEST a file, - for stdout, or a tape device. Every write to DEST is exactly --block-size bytes. Blobs of the EXISTING-IMAGE arguments, and blobs below OFFSET in --existing-from-checkpoint files, are left out: the far side has them.

        Exit codes: 0 ok, 1 failure, 2 usage, 130 interrupted.
        """)

    @Argument(help: "The image set: REF, docker://REF or oci:DIR[:TAG].")
    var image: ImageArgument

    @Argument(help: "Destination: a file, - (stdout) or a tape device such as /dev/nst0.")
    var destination: String

    @Argument(help: "Images the far side already has (their blobs are left out).")
    var existingImages: [ImageArgument] = []

    @OptionGroup var stream: StreamOptions

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        try stream.checkDestination(destination)
        try stream.checkReceipt(destination: destination)
        if stream.resume && destination == "-" { throw ValidationError("--resume needs a regular file as DEST, not stdout") }
    }

    func run() async throws {
        let report = Reporter(quiet: global.quiet, json: global.json, outputIsData: destination == "-" || stream.receipt == "-", stage: "serialize")
        do {
            let client = try global.makeClient()
            let source = try ContentFactory.source(image.location, client: client)
            let existing = try existingImages.map { try ContentFactory.source($0.location, client: client) }
            let serializer = Serializer(source: source, reference: image.location.streamRootName, existing: existing,
                                        options: stream.serializeOptions) { report.serializeEvent($0) }
            let summary = try await serializer.run(to: destination)
            report.serialized(summary, image: image.text, destination: destination)
        } catch {
            report.fail(error)
            throw ExitCode.failure
        }
    }
}
