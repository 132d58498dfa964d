import ArgumentParser
import Config
import Mapping
import OCI
import Scatter
import Store
import Workflows

/// The options scatter, clone and unarchive share, and how their `PlacementFlow` is built and
/// its outcome printed.
struct PlacementOptions: ParsableArguments {
    @Option(name: .customLong("subset"), help: "Only the sources listed in this sources.list.")
    var subset: String?

    /// ace-dt's `-l` is a list flag: `-l a=1,b=2` is two selectors, either may match (quote the
    /// value, `-l '"a=1,b=2"'`, for both at once); a comma inside `in (a,b)` does not split.
    @Option(name: [.customShort("l"), .customLong("selector")],
            help: "Label selectors (key=value, key!=value, key in (a,b), !key), comma-separated; repeatable; any may match.",
            transform: { text in try CommaList.selectors(text).map { try LabelSelector(parsing: $0) } })
    var selectors: [[LabelSelector]] = []

    /// ace-dt's `--check` is its dry run: it prints the mapping, asks no destination, exits 0.
    @Flag(name: [.customLong("dry-run"), .customLong("check")],
          help: "Print SOURCE -> DESTINATION for each destination; push nothing (--check: ace-dt's name for it).")
    var dryRun = false

    @Flag(name: .long, help: "Report what differs between the set and the destinations; change nothing.")
    var compare = false

    @Flag(name: .customLong("continue"), help: "Finish the other destinations when some fail; exit 3 with a summary.")
    var continueOnError = false

    @Flag(name: .long, help: "scatter, clone: a source that no mapping rule matches is an error (before anything is pushed). unarchive: ace-dt's meaning, the stream's entries must be in ace-dt's order (as deserialize --strict).")
    var strict = false

    @Flag(inversion: .prefixedNo, help: "Bring referrers (signatures, SBOMs, attestations) with their subjects.")
    var referrers = true

    func validate() throws {
        if dryRun && compare { throw ValidationError("--dry-run (--check) and --compare cannot be combined") }
    }

    var mode: PlacementFlow.Mode { dryRun ? .dryRun : compare ? .check : .run }

    /// Builds the mapper (reading its file), options and client; bad input exits 2. Called before
    /// any slow work (unarchive reads its stream after this), so a typo fails at once.
    func flow(mapper spec: MapperSpec, concurrency: Int, platforms: [Platform], sourceFile: String? = nil,
              global: GlobalOptions, report: Reporter) throws -> PlacementFlow {
        do {
            let options = ScatterOptions(subset: try subset.map(SourcesList.load), selectors: Array(selectors.joined()),
                                         referrers: referrers, concurrency: concurrency, continueOnError: continueOnError,
                                         strict: strict, platforms: platforms, sourceFile: sourceFile)
            return PlacementFlow(client: try global.makeClient(), mapper: try Mapper(spec), options: options, mode: mode)
        } catch {
            report.fail(error)
            throw ExitCode(2)
        }
    }

    /// Runs `flow` from `source`, printing progress and the outcome.
    func execute(_ flow: PlacementFlow, from source: PlacementFlow.Source, report: Reporter, verb: String) async throws {
        try await conclude(report: report, verb: verb) {
            try await flow.execute(source, willPlace: { report.expect(images: $0.placements.count) },
                                   events: { report.scatterEvent($0) })
        }
    }

    /// Prints what `work` did (the plan, the comparison or the summary) and exits as DESIGN.md
    /// says: bad input (mapper, mapping file, conflicting destinations) 2, failures 1, some
    /// destinations failed 3.
    func conclude(report: Reporter, verb: String, _ work: () async throws -> PlacementFlow.Outcome) async throws {
        do {
            switch try await work() {
            case .planned(let plan):
                report.mapping(plan)
                if !plan.failures.isEmpty { throw ExitCode(3) }
            case .checked(let checks, let plan):
                guard report.checked(checks, plan: plan) else { throw ExitCode.failure }
            case .placed(let result):
                report.scattered(result, verb: verb)
                if !result.failures.isEmpty { throw ExitCode(3) }
            }
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
