import ArgumentParser
import Config
import Foundation
import Gather
import OCI
import Registry
import Serialize
import Store

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
    var existingImages: [String] = []

    @Option(help: "Tag of the gather result in the local store.")
    var reference = "latest"

    @OptionGroup var transfer: TransferOptions

    @OptionGroup var index: GatherIndexOptions

    @Flag(name: .customLong("continue"), help: "Finish the other sources when some fail; exit 3 after writing the stream.")
    var continueOnError = false

    @OptionGroup var stream: StreamOptions

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        _ = try stream.serializeOptions()
        _ = try index.parsedAnnotations()
        try StreamOptions.checkDestination(destination)
        for image in existingImages { _ = try ImageLocation.parsingForCLI(image) }
        guard OCI.Reference.isValidTag(reference) else { throw ValidationError("--reference \(reference): not a valid tag") }
    }

    func run() async throws {
        let report = Reporter(quiet: global.quiet, json: global.json, outputIsData: destination == "-", stage: "archive")
        let entries = try GatherCommand.loadSources(sourcesFile, report: report)
        do {
            let client = try global.makeClient()
            let store = try Self.storeDirectory(try global.loadConfiguration())
            let layout = LayoutContent(layout: try OCILayout(root: store, create: true), tag: reference)
            let options = GatherOptions(platforms: try transfer.parsedPlatforms(), indexFallback: index.indexFallback,
                                        annotations: try index.parsedAnnotations(),
                                        referrers: stream.referrers, concurrency: transfer.concurrency,
                                        continueOnError: continueOnError, sourceFile: sourcesFile)
            let gathered = try await Gatherer(client: client, target: layout, options: options) { report.gatherEvent($0) }.run(entries)
            report.finishLine()
            let existing = try existingImages.map { try ContentFactory.source(try ImageLocation.parsingForCLI($0), client: client) }
            var serializeOptions = try stream.serializeOptions()
            serializeOptions.toolVersion = FerryVersion.current
            let serializer = Serializer(source: layout, reference: reference, existing: existing,
                                        options: serializeOptions) { report.serializeEvent($0) }
            let summary = try await serializer.run(to: destination)
            report.serialized(summary, image: "\(gathered.images) images of \(sourcesFile)", destination: destination)
            if !gathered.failures.isEmpty { throw ExitCode(3) }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            report.fail(error)
            throw ExitCode.failure
        }
    }

    /// The local store: `cachePath/store` from the config, else `$XDG_CACHE_HOME/ferry/store`.
    static func storeDirectory(_ configuration: FerryConfiguration) throws -> URL {
        if let cache = configuration.cachePath { return URL(fileURLWithPath: cache).appendingPathComponent("store") }
        guard let base = CacheDirectory.ferry() else {
            throw ValidationError("no cache directory: set cachePath in the configuration, XDG_CACHE_HOME or HOME")
        }
        return base.appendingPathComponent("store")
    }
}
