import ArgumentParser
import Foundation
import OCI
import Store
import Workflows
import Transfer

/// `ferry copy SRC DST`: one image or index, all its platforms (or some), optionally its referrers.
struct CopyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy an image or index between registries and local OCI layouts.",
        discussion: """
        SRC and DST are registry references (docker:// optional) or oci:DIR[:TAG]. Blobs the destination has are skipped; blobs on the same registry are mounted.

        Exit codes: 0 ok, 1 failure, 2 usage, 130 interrupted.
        """)

    @Argument(help: "Source: REF, docker://REF or oci:DIR[:TAG].")
    var source: ImageArgument

    @Argument(help: "Destination: REF, docker://REF or oci:DIR[:TAG].")
    var destination: ImageArgument

    @Flag(name: .long, help: "Also copy referrers (signatures, SBOMs) of every copied manifest.")
    var referrers = false

    @OptionGroup var transfer: TransferOptions

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let report = Reporter(quiet: global.quiet, json: global.json, stage: "copy")
        var discard: () -> Void = {}
        do {
            let client = try global.makeClient()
            let from = try ContentFactory.source(source.location, client: client)
            let (to, discardIfUnused) = try ContentFactory.writableTarget(destination.location, client: client)
            discard = discardIfUnused
            let options = CopyOptions(platforms: transfer.selectedPlatforms, referrers: referrers,
                                      concurrency: try transfer.concurrency(global))
            let copier = ImageCopier(source: from, target: to, options: options) { report.event($0) }
            let summary = try await copier.run()
            report.finish(summary, source: source.text, destination: destination.text)
        } catch {
            discard()
            report.fail(error)
            throw ExitCode.failure
        }
    }
}
