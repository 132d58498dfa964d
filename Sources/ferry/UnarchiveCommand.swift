import ArgumentParser
import Deserialize
import Foundation
import Mapping
import OCI
import Workflows

/// `ferry unarchive TAR-FILE MAPPER`: deserialize into the local store, then scatter from it, with
/// no registry in between.
struct UnarchiveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unarchive",
        abstract: "Read a stream into the local store and scatter its images, in one step.",
        discussion: """
        TAR-FILE is a file, - for stdin, or a tape device (a stream from serialize or archive, ferry's or ace-dt's); a name ending in .000 is the first volume of a split stream, read on through .001, .002, …. It is read into the local store (cachePath/store, default ~/.cache/ferry/store) under --reference, every blob verified; then every image goes where MAPPER sends it, as with `ferry scatter`. A rerun reuses what the store holds. With --verify-signatures every image needs a cosign signature in the stream (checked after it is read, before anything is scattered). MAPPER (and its file), --subset and the configuration are read before the stream. With --dry-run the stream is read and verified and the destinations printed; nothing is written anywhere (not the store, not a registry).

        Exit codes: 0 ok, 1 failure (an incomplete stream names its missing or corrupt blobs), 2 usage or a bad mapper, 3 some destinations failed (with --continue), 130 interrupted.
        """)

    @Argument(help: "The stream: a file, - (stdin) or a tape device.")
    var tarFile: String

    @Argument(help: "TYPE=ARGUMENT: nest=REG/PREFIX, first-prefix=FILE, all-prefix=FILE, longest-prefix=FILE, digests=FILE, go-template=FILE.")
    var mapper: MapperSpec

    @Option(help: "Tag of the set in the local store.")
    var reference = "latest"

    @Option(name: [.short, .customLong("block-size")], help: "Bytes per read (at least the tape's block size); 0, ace-dt's default, is 1MiB.")
    var blockSize = ReadBlockSize.standard

    @OptionGroup var placement: PlacementOptions

    @OptionGroup var signatures: SignatureOptions

    @OptionGroup var transfers: ConcurrencyOptions

    @OptionGroup var volumes: VolumeOptions

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard Reference.isValidTag(reference) else { throw ValidationError("--reference \(reference): not a valid tag") }
        // A dry run stores nothing, so there would be no signature to read back: every image refused.
        if placement.dryRun, !signatures.keyFiles.isEmpty {
            throw ValidationError("--verify-signatures needs the stream in the local store; --dry-run (--check) stores nothing. Run without --dry-run, or deserialize and run scatter --dry-run --verify-signatures")
        }
    }

    func run() async throws {
        let report = Reporter(quiet: global.quiet, json: global.json, stage: "unarchive")
        // Every argument is read before the stream: a bad mapper must not cost a tape pass.
        var flow = try placement.flow(mapper: mapper, concurrency: try transfers.value(global), platforms: [], global: global, report: report)
        // ace-dt's unarchive --strict is about the stream alone; a source no rule maps is skipped
        // with a warning there, and here.
        flow.options.strict = false
        flow.signatures = try signatures.verifier(report: report)
        var options = DeserializeOptions()
        options.blockSize = blockSize.readBytes
        options.waitForVolume = volumes.waitForVolume
        options.strict = placement.strict
        options.dryRun = placement.dryRun
        let (reference, tarFile, dryRun) = (reference, tarFile, placement.dryRun)
        try await placement.conclude(report: report, verb: "scattered") {
            let store = try LocalStore.directory(try global.loadConfiguration())
            let workflow = UnarchiveWorkflow(store: store, reference: reference, deserialize: options, placement: flow)
            return try await workflow.run(from: tarFile) { event in
                switch event {
                case .deserialize(let update): report.deserializeEvent(update)
                case .deserialized(let summary):
                    report.deserialized(summary, source: tarFile, image: "the local store (\(store.path):\(reference))", dryRun: dryRun)
                case .placing(let plan): report.expect(images: plan.placements.count)
                case .scatter(let update): report.scatterEvent(update)
                }
            }
        }
    }
}
