import ArgumentParser
import Foundation
import Gather
import OCI
import Registry
import Store
import Workflows

/// `ferry archive SOURCES-FILE DEST-FILE [EXISTING-IMAGE...]`: gather into the local store, then
/// serialize, in one command and with no registry in between.
struct ArchiveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "archive",
        abstract: "Gather a sources.list into the local store and serialize it, in one step.",
        discussion: """
        The local store is an OCI layout at the config's cachePath (default $XDG_CACHE_HOME/ferry, i.e. ~/.cache/ferry), under store/; a rerun reuses what it holds. The gather result is tagged --reference there. DEST-FILE and the serialize options are as for `ferry serialize`.

        Exit codes: 0 ok, 1 failure, 2 usage or a bad sources.list, 3 some sources failed (with --continue), 130 interrupted.
        """)

    @Argument(help: "The sources.list file.")
    var sourcesFile: String

    @Argument(help: "Destination: a file, - (stdout) or a tape device.")
    var destination: String

    @Argument(help: "Images the far side already has (their blobs are left out).")
    var existingImages: [ImageArgument] = []

    @Option(help: "Tag of the gather result in the local store.")
    var reference = "latest"

    @OptionGroup var transfer: TransferOptions

    @OptionGroup var index: GatherIndexOptions

    @Flag(name: .customLong("continue"), help: "Finish the other sources when some fail; exit 3 after writing the stream.")
    var continueOnError = false

    @OptionGroup var stream: StreamOptions

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        try stream.checkDestination(destination)
        try stream.checkReceipt(destination: destination)
        guard OCI.Reference.isValidTag(reference) else { throw ValidationError("--reference \(reference): not a valid tag") }
    }

    func run() async throws {
        let report = Reporter(quiet: global.quiet, json: global.json, outputIsData: destination == "-" || stream.receipt == "-", stage: "archive")
        let entries = try GatherCommand.loadSources(sourcesFile, report: report)
        do {
            let options = GatherOptions(platforms: transfer.selectedPlatforms, indexFallback: index.indexFallback,
                                        annotations: index.annotationMap,
                                        referrers: stream.referrers, concurrency: try transfer.concurrency(global),
                                        continueOnError: continueOnError, sourceFile: sourcesFile)
            let workflow = ArchiveWorkflow(client: try global.makeClient(), store: try LocalStore.directory(try global.loadConfiguration()),
                                           reference: reference, gather: options, serialize: stream.serializeOptions,
                                           existing: existingImages.map(\.location))
            let summary = try await workflow.run(entries, to: destination) { event in
                switch event {
                case .gather(let gatherEvent): report.gatherEvent(gatherEvent)
                case .gathered: report.finishLine()
                case .serialize(let serializeEvent): report.serializeEvent(serializeEvent)
                }
            }
            report.serialized(summary.serialized, image: "\(summary.gathered.images) images of \(sourcesFile)", destination: destination)
            if !summary.gathered.failures.isEmpty { throw ExitCode(3) }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            report.fail(error)
            throw ExitCode.failure
        }
    }
}
