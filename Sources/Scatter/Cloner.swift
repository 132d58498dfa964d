import Config
import Mapping
import OCI
import Registry
import Resolve
import Store

/// `clone SOURCES-FILE MAPPER`: each source resolved as gather resolves it, annotated as gather
/// would annotate it, mapped, and copied straight from its own repository: no gather repository
/// in between.
public struct Cloner: Sendable {
    let client: RegistryClient
    let mapper: Mapper
    let options: ScatterOptions

    public init(client: RegistryClient, mapper: Mapper, options: ScatterOptions) {
        self.client = client
        self.mapper = mapper
        self.options = options
    }

    /// Resolves the lines `-l` keeps (tags expanded, platforms picked) and maps them. A source
    /// that cannot be resolved stops here, before anything is pushed, unless `--continue`; a
    /// single-platform source of another platform than `-p` asks for is left out (as ace-dt does).
    public func plan(_ entries: [SourceEntry]) async throws -> ScatterPlan {
        let kept = entries.filter { ImageFilter.matches(options.selectors, labels: $0.labels) }
        let resolver = SourceResolver(client: client, platforms: options.platforms)
        let (expanded, expandFailures) = await resolver.expandAll(kept)
        let (resolved, resolveFailures) = await resolver.resolveAll(expanded, limit: options.concurrency)
        let location = options.sourceFile.map { "\($0):" } ?? "line "
        var leftOut: [String] = []
        var failures: [ScatterFailure] = []
        for failure in expandFailures + resolveFailures {
            if let mismatch = failure.error as? PlatformMismatch {
                leftOut.append("\(location)\(failure.entry.line): \(mismatch.skipped)")
            } else {
                failures.append(ScatterFailure(source: "\(location)\(failure.entry.line): \(failure.reference)",
                                               destination: nil, message: "\(failure.error)"))
            }
        }
        if let first = failures.first, !options.continueOnError { throw first }
        let filter = ImageFilter(subset: options.subset, selectors: [])
        var images: [ScatterImage] = []
        for source in resolved {
            let subject = try MappingSubject(descriptor: source.annotatedDescriptor)
            guard try filter.includes(subject) else { continue }
            images.append(ScatterImage(subject: subject, content: RegistryContent(client: client, reference: source.reference),
                                       manifest: source.root))
        }
        return try ScatterPlan(images: images, mapper: mapper, strict: options.strict, failures: failures, leftOut: leftOut)
    }
}
