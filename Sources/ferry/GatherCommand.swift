import ArgumentParser
import Config
import Foundation
import Gather
import OCI
import Store
import Workflows

/// `ferry gather SOURCES-FILE DEST`: every image of a sources.list into one repository or layout.
struct GatherCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gather",
        abstract: "Gather the images of a sources.list into one de-duplicated set.",
        discussion: """
        DEST is a registry reference (reg.low/gather:sync-45) or oci:DIR[:TAG]. Each blob is stored once; the result is an OCI index (ace-dt's gather format) tagged at DEST.

        Exit codes: 0 ok, 1 failure, 2 usage or a bad sources.list, 3 some sources failed (with --continue), 130 interrupted.
        """)

    @Argument(help: "The sources.list file.")
    var sourcesFile: String

    @Argument(help: "Destination: REF, docker://REF or oci:DIR[:TAG].")
    var destination: ImageArgument

    @OptionGroup var transfer: TransferOptions

    @OptionGroup var index: GatherIndexOptions

    @Flag(inversion: .prefixedNo, help: "Bring referrers (signatures, SBOMs, attestations) with their subjects.")
    var referrers = true

    @Flag(name: .customLong("continue"), help: "Finish the other sources when some fail; exit 3 with a summary.")
    var continueOnError = false

    @OptionGroup var signatures: SignatureOptions

    @Flag(name: .customLong("dry-run"), help: "Resolve everything and print the plan; transfer nothing.")
    var dryRun = false

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let report = Reporter(quiet: global.quiet, json: global.json, stage: "gather")
        let entries = try Self.loadSources(sourcesFile, report: report)
        let verifier = try signatures.verifier(report: report)
        do {
            let client = try global.makeClient()
            let (target, cleanup) = try dryRun ? ContentFactory.readOnlyTarget(destination.location, client: client)
                                               : ContentFactory.writableTarget(destination.location, client: client)
            // A dry run's stand-in layout always goes; a real run's new layout only if still unused.
            defer { cleanup() }
            var options = GatherOptions(platforms: transfer.selectedPlatforms, indexFallback: index.indexFallback,
                                        annotations: index.annotationMap, referrers: referrers,
                                        concurrency: try transfer.concurrency(global), continueOnError: continueOnError,
                                        sourceFile: sourcesFile)
            options.signatures = verifier
            let gatherer = Gatherer(client: client, target: target, options: options) { report.gatherEvent($0) }
            if dryRun {
                let plan = try await gatherer.plan(entries)
                report.plan(plan)
                if !plan.failures.isEmpty { throw ExitCode(3) }
                return
            }
            let result = try await gatherer.run(entries)
            report.gathered(result, destination: destination.text)
            if !result.failures.isEmpty { throw ExitCode(3) }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            report.fail(error)
            throw ExitCode.failure
        }
    }

    /// Reads and checks the whole sources.list before anything moves; a bad one exits 2.
    static func loadSources(_ file: String, report: Reporter) throws -> [SourceEntry] {
        do {
            let (entries, problems) = try SourcesList.loadCollecting(file)
            try ListFileErrors.throwIfAny(problems + referenceProblems(entries, file: file))
            guard !entries.isEmpty || !problems.isEmpty else { throw ValidationError("\(file): no images listed") }
            return entries
        } catch {
            report.fail(error)
            throw ExitCode(2)
        }
    }

    /// Every line must name a valid reference, so a typo is a usage error naming its line before
    /// any registry is asked; each bad line is named.
    static func referenceProblems(_ entries: [SourceEntry], file: String) -> [ListFileError] {
        entries.compactMap { entry in
            let text = entry.tagSelection == nil ? entry.reference : SourcesList.repositoryPart(of: entry.reference)
            do {
                _ = try Reference(parsing: text)
                return nil
            } catch {
                return ListFileError(file: file, line: entry.line, reason: "\(error)")
            }
        }
    }
}
