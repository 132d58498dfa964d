import ArgumentParser
import Config
import Foundation
import Mapping
import Workflows

/// `ferry clone SOURCES-FILE MAPPER`: registry to registry in one step, no gather repository.
struct CloneCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clone",
        abstract: "Copy the images of a sources.list straight to the destinations a mapper gives.",
        discussion: """
        Each source is resolved as gather resolves it (tags *, tags=/regex/, labels, --platform), annotated as gather \
        annotates it, mapped, and streamed from its registry to each destination (mounted when both are on one registry). \
        MAPPER is nest=REG/PREFIX, first-prefix=FILE, all-prefix=FILE, longest-prefix=FILE, digests=FILE or go-template=FILE.

        Exit codes: 0 ok, 1 failure (with --compare: some destination is not up to date), 2 usage, a bad sources.list, \
        mapper or mapping file, 3 some sources or destinations failed (with --continue), 130 interrupted.
        """)

    @Argument(help: "The sources.list file.")
    var sourcesFile: String

    @Argument(help: "TYPE=ARGUMENT: nest=REG/PREFIX, first-prefix=FILE, all-prefix=FILE, longest-prefix=FILE, digests=FILE, go-template=FILE.")
    var mapper: MapperSpec

    @OptionGroup var transfer: TransferOptions

    @OptionGroup var placement: PlacementOptions

    @OptionGroup var signatures: SignatureOptions

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let report = Reporter(quiet: global.quiet, json: global.json, stage: "clone")
        let entries = try GatherCommand.loadSources(sourcesFile, report: report)
        var flow = try placement.flow(mapper: mapper, concurrency: try transfer.concurrency(global), platforms: transfer.selectedPlatforms,
                                      sourceFile: sourcesFile, global: global, report: report)
        flow.signatures = try signatures.verifier(report: report)
        try await placement.execute(flow, from: .sources(entries), report: report, verb: "cloned")
    }
}
