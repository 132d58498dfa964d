import ArgumentParser
import Config
import Foundation
import Mapping
import OCI
import Store
import Workflows

/// `ferry scatter IMAGE MAPPER`: every image of a gather result to its mapped destination(s).
struct ScatterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scatter",
        abstract: "Send the images of a gather result to the destinations a mapper gives.",
        discussion: """
        IMAGE is a gather result: a registry reference (reg.high/gather:sync-45) or oci:DIR[:TAG]. \
        MAPPER is nest=REG/PREFIX, first-prefix=FILE, all-prefix=FILE, longest-prefix=FILE, digests=FILE or go-template=FILE. \
        Images go by tag when the mapped reference has one, by digest otherwise; referrers go with their subject.

        Exit codes: 0 ok, 1 failure (with --compare: some destination is not up to date), 2 usage, a bad mapper or mapping file, \
        3 some destinations failed (with --continue), 130 interrupted.
        """)

    @Argument(help: "The gather result: REF, docker://REF or oci:DIR[:TAG].")
    var image: ImageArgument

    @Argument(help: "TYPE=ARGUMENT: nest=REG/PREFIX, first-prefix=FILE, all-prefix=FILE, longest-prefix=FILE, digests=FILE, go-template=FILE.")
    var mapper: MapperSpec

    @OptionGroup var placement: PlacementOptions

    @OptionGroup var signatures: SignatureOptions

    @OptionGroup var transfers: ConcurrencyOptions

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let report = Reporter(quiet: global.quiet, json: global.json, stage: "scatter")
        var flow = try placement.flow(mapper: mapper, concurrency: try transfers.value(global), platforms: [], global: global, report: report)
        flow.signatures = try signatures.verifier(report: report)
        try await placement.execute(flow, from: .gatherResult(image.location), report: report, verb: "scattered")
    }
}
