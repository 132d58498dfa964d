import ArgumentParser
import Config
import Foundation
import Mapping
import OCI
import Registry
import Scatter
import Store

/// `ferry scatter IMAGE MAPPER`: every image of a gather result to its mapped destination(s).
struct ScatterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scatter",
        abstract: "Send the images of a gather result to the destinations a mapper gives.",
        discussion: """
        IMAGE is a gather result: a registry reference (reg.high/gather:sync-45) or oci:DIR[:TAG]. \
        MAPPER is nest=REG/PREFIX, first-prefix=FILE, all-prefix=FILE, longest-prefix=FILE, digests=FILE or go-template=FILE. \
        Images go by tag when the mapped reference has one, by digest otherwise; referrers go with their subject.

        Exit codes: 0 ok, 1 failure (with --check: some destination is not up to date), 2 usage, a bad mapper or mapping file, \
        3 some destinations failed (with --continue), 130 interrupted.
        """)

    @Argument(help: "The gather result: REF, docker://REF or oci:DIR[:TAG].")
    var image: String

    @Argument(help: "TYPE=ARGUMENT: nest=REG/PREFIX, first-prefix=FILE, all-prefix=FILE, longest-prefix=FILE, digests=FILE, go-template=FILE.")
    var mapper: String

    @OptionGroup var placement: PlacementOptions

    @Option(name: .long, help: "Blob transfers at once.")
    var concurrency = 6

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        _ = try location()
        try placement.validate(mapper: mapper, concurrency: concurrency)
    }

    func run() async throws {
        let report = Reporter(quiet: global.quiet, json: global.json, stage: "scatter")
        try await placement.execute(mapper: mapper, concurrency: concurrency, platforms: [], global: global, report: report,
                                    verb: "scattered") { client, mapper, options in
            let source = try ContentFactory.source(try location(), client: client)
            return try await Scatterer(source: source, mapper: mapper, options: options).plan()
        }
    }

    private func location() throws -> ImageLocation {
        do { return try ImageLocation(parsing: image) } catch { throw ValidationError("\(error)") }
    }
}

/// The options scatter, clone and unarchive share, and the one way they run a plan.
struct PlacementOptions: ParsableArguments {
    @Option(name: .customLong("subset"), help: "Only the sources listed in this sources.list.")
    var subset: String?

    /// ace-dt's `-l` is a list flag: `-l a=1,b=2` is two selectors, either may match (quote the
    /// value, `-l '"a=1,b=2"'`, for both at once); a comma inside `in (a,b)` does not split.
    @Option(name: [.customShort("l"), .customLong("selector")],
            help: "Label selectors (key=value, key!=value, key in (a,b), !key), comma-separated; repeatable; any may match.",
            transform: { text in try CommaList.selectors(text).map { try LabelSelector(parsing: $0) } })
    var selectors: [[LabelSelector]] = []

    @Flag(name: .customLong("dry-run"), help: "Print SOURCE -> DESTINATION for each destination; push nothing.")
    var dryRun = false

    @Flag(name: .long, help: "Report what differs between the set and the destinations; change nothing.")
    var check = false

    @Flag(name: .customLong("continue"), help: "Finish the other destinations when some fail; exit 3 with a summary.")
    var continueOnError = false

    @Flag(name: .long, help: "A source that no mapping rule matches is an error (before anything is pushed).")
    var strict = false

    @Flag(inversion: .prefixedNo, help: "Bring referrers (signatures, SBOMs, attestations) with their subjects.")
    var referrers = true

    func validate(mapper: String, concurrency: Int) throws {
        guard concurrency > 0 else { throw ValidationError("--concurrency must be at least 1") }
        if dryRun && check { throw ValidationError("--dry-run and --check cannot be combined") }
        do { _ = try MapperSpec(parsing: mapper) } catch { throw ValidationError("\(error)") }
    }

    func parsedSelectors() -> [LabelSelector] {
        Array(selectors.joined())
    }

    /// The mapper, options and client a plan runs with, built from the arguments alone.
    struct Prepared {
        var client: RegistryClient
        var mapper: Mapper
        var options: ScatterOptions
    }

    /// Builds the mapper (reading its file), options and client; bad input exits 2. Called before
    /// any slow work (unarchive reads its stream after this), so a typo fails at once.
    func prepare(mapper text: String, concurrency: Int, platforms: [Platform], sourceFile: String? = nil,
                 global: GlobalOptions, report: Reporter) throws -> Prepared {
        do {
            return Prepared(client: try global.makeClient(), mapper: try Mapper(parsing: text),
                            options: ScatterOptions(subset: try subset.map(SourcesList.load), selectors: parsedSelectors(),
                                                    referrers: referrers, concurrency: concurrency, continueOnError: continueOnError,
                                                    strict: strict, platforms: platforms, sourceFile: sourceFile))
        } catch {
            report.fail(error)
            throw ExitCode(2)
        }
    }

    /// Builds the mapper and options, asks `plan` for the plan, then prints it (`--dry-run`),
    /// compares it (`--check`) or runs it. Bad input (mapper, mapping file, subset, conflicting
    /// destinations) exits 2 before anything is pushed.
    func execute(mapper text: String, concurrency: Int, platforms: [Platform], sourceFile: String? = nil,
                 global: GlobalOptions, report: Reporter, verb: String,
                 plan makePlan: (RegistryClient, Mapper, ScatterOptions) async throws -> ScatterPlan) async throws {
        let prepared = try prepare(mapper: text, concurrency: concurrency, platforms: platforms, sourceFile: sourceFile,
                                   global: global, report: report)
        try await execute(prepared, report: report, verb: verb, plan: makePlan)
    }

    /// Runs a prepared plan: prints it (`--dry-run`), compares it (`--check`) or carries it out.
    func execute(_ prepared: Prepared, report: Reporter, verb: String,
                 plan makePlan: (RegistryClient, Mapper, ScatterOptions) async throws -> ScatterPlan) async throws {
        let (client, mapper, options) = (prepared.client, prepared.mapper, prepared.options)
        do {
            let plan = try await makePlan(client, mapper, options)
            if dryRun {
                report.mapping(plan)
                if !plan.failures.isEmpty { throw ExitCode(3) }
                return
            }
            report.expect(images: plan.placements.count)
            let placer = Placer(client: client, options: options, blobIndex: BlobLocationIndex.standard()) { report.scatterEvent($0) }
            if check {
                guard report.checked(try await placer.check(plan), plan: plan) else { throw ExitCode.failure }
                return
            }
            let result = try await placer.run(plan)
            report.scattered(result, verb: verb)
            if !result.failures.isEmpty { throw ExitCode(3) }
        } catch let exit as ExitCode {
            throw exit
        } catch let error as MappingError {
            report.fail(error)
            throw ExitCode(2)
        } catch let error as DigestPinMismatch {
            report.fail(error)
            throw ExitCode(2)
        } catch {
            report.fail(error)
            throw ExitCode.failure
        }
    }
}
