import Config
import Foundation
import OCI
import Registry
import Resolve
import Signatures
import Store
import Transfer

/// Gathers every image of a sources.list into one target, each blob once, and writes the gather
/// index (ace-dt's format) as the target's tag.
public final class Gatherer: Sendable {
    let client: RegistryClient
    let target: any ContentTarget
    let options: GatherOptions
    let events: @Sendable (GatherEvent) -> Void

    public init(client: RegistryClient, target: any ContentTarget, options: GatherOptions,
                events: @escaping @Sendable (GatherEvent) -> Void = { _ in }) {
        self.client = client
        self.target = target
        self.options = options
        self.events = events
    }

    /// Resolves every source first (nothing moves if one fails without `--continue`), then
    /// copies them all in parallel and writes the index.
    ///
    /// Each root is probed as soon as it resolves (does the target have it, which referrers does
    /// it have): read-only, so nothing moves early, and an unchanged image then copies without a
    /// request. A re-gather of an unchanged set is the resolving and those probes, all overlapped.
    public func run(_ entries: [SourceEntry]) async throws -> GatherSummary {
        let started = Date()
        let eventSink = events
        let session = TransferSession(target: target, concurrency: options.concurrency) { eventSink(.copy($0)) }
        let referrers = options.referrers
        let probed = try await resolveChecked(entries) { resolved in
            let source = RegistryContent(client: self.client, reference: resolved.reference)
            async let probe = session.probe(resolved.root, from: source, referrers: referrers)
            // cosign's `.sig` tag, asked alongside; nil when the question failed (asked again when copying).
            let tagged: ParsedManifest?? = referrers ? try? await TagSignatureReferrer.referrer(of: resolved.root.descriptor, in: source)
                                                     : .some(nil)
            return (probe: await probe, tagged: tagged)
        }
        var resolved = probed.resolved.map(\.source)
        let probes = probed.resolved.map(\.extra)
        var failures = probed.failures
        failures.forEach { events(.failure($0)) }
        events(.resolved(images: resolved.count))
        // Results kept by position, so the index does not depend on which transfer finished first.
        var copied = [GraphBlobs?](repeating: nil, count: resolved.count)
        let client = self.client
        let continueOnError = options.continueOnError
        // Signatures of a multi-arch index picked apart by --platforms travel once per index.
        var indexLeaders: Set<Int> = []
        var seenIndexes: Set<Digest> = []
        for (position, item) in resolved.enumerated() {
            if let index = item.sourceIndex, seenIndexes.insert(index.digest).inserted { indexLeaders.insert(position) }
        }
        let work = resolved.enumerated().map { ($0.element, probes[$0.offset], indexLeaders.contains($0.offset)) }
        try await forEachBounded(work, limit: options.concurrency, { item, probe, leadsIndex in
            let source = RegistryContent(client: client, reference: item.reference)
            let blobs = try await session.copy(item.root, from: source, tag: nil, referrers: referrers, probe: probe.probe)
            if referrers, leadsIndex, let index = item.sourceIndex {
                try await session.copyReferrers(of: index.digest, from: source)
            }
            if referrers {
                // cosign's default `.sig` tags travel as referrers (a tag is in no graph).
                let own = if let known = probe.tagged { known } else {
                    try await TagSignatureReferrer.referrer(of: item.root.descriptor, in: source)
                }
                if let own { try await session.copy(own, from: source, tag: nil, referrers: false) }
                let index = leadsIndex ? item.sourceIndex.map { [$0.descriptor] } ?? [] : []
                try await TagSignatureReferrer.copy(of: index, from: source, into: session)
            }
            return blobs
        }, receive: { position, outcome in
            let item = resolved[position]
            switch outcome {
            case .success(let blobs):
                copied[position] = blobs
                eventSink(.image(source: item.text, digest: item.root.digest))
            case .failure(let error):
                let failure = GatherFailure(reference: item.text, line: item.entry.line, message: "\(error)", file: options.sourceFile)
                guard continueOnError else { throw failure }
                failures.append(failure)
                eventSink(.failure(failure))
            }
        })
        let done = zip(resolved, copied).compactMap { item, blobs in blobs.map { (item, $0) } }
        // Never replace a previous result at the tag with an empty set.
        guard !done.isEmpty else { throw failures.isEmpty ? GatherError.nothingLeft : GatherError.partial(failures) }
        resolved = done.map(\.0)
        let sizes = Self.sizes(done.map(\.1))
        let builder = GatherIndexBuilder(indexFallback: options.indexFallback, annotations: options.annotations)
        let index = try builder.build(entries: resolved.map(GatherIndexBuilder.entry(for:)),
                                      totalSize: sizes.total, deduplicatedSize: sizes.deduplicated)
        try target.checkPin(receiving: index.digest)
        // An unchanged set leaves the tag alone: a re-gather writes nothing at all.
        if let tag = target.tag, try await target.digest(tagged: tag) == index.digest {
        } else {
            try await target.putManifest(index, tag: target.tag)
        }
        return GatherSummary(index: index, images: resolved.count, totalSize: sizes.total, deduplicatedSize: sizes.deduplicated,
                            copy: await session.summary, failures: failures, seconds: Date().timeIntervalSince(started))
    }

    /// The destination check, every source resolved and (with `--verify-signatures`) every
    /// signature checked; without `--continue` the first failure stops the run here, before
    /// anything is transferred. A refused signature always does.
    func resolveChecked(_ entries: [SourceEntry]) async throws -> ([ResolvedSource], [GatherFailure]) {
        let checked = try await resolveChecked(entries) { _ in () }
        return (checked.resolved.map(\.source), checked.failures)
    }

    /// As above, with `follow` run on each resolved source as soon as it is known.
    func resolveChecked<Extra: Sendable>(_ entries: [SourceEntry], follow: @escaping @Sendable (ResolvedSource) async -> Extra)
        async throws -> (resolved: [(source: ResolvedSource, extra: Extra)], failures: [GatherFailure]) {
        try await checkDestination()
        let (resolved, failures) = await resolveAll(entries, follow: follow)
        if let first = failures.first, !options.continueOnError { throw first }
        try await checkSignatures(resolved.map(\.source))
        return (resolved, failures)
    }

    /// Asks the destination for its tag once, so an unreachable or refusing destination is
    /// reported as such before any source is read.
    func checkDestination() async throws {
        guard let tag = target.tag else { return }
        do {
            _ = try await target.digest(tagged: tag)
        } catch {
            throw GatherError.destination("\(error)")
        }
    }

    /// Expands and resolves every line, bounded in parallel, keeping file order.
    func resolveAll<Extra: Sendable>(_ entries: [SourceEntry], follow: @escaping @Sendable (ResolvedSource) async -> Extra)
        async -> ([(source: ResolvedSource, extra: Extra)], [GatherFailure]) {
        let resolver = SourceResolver(client: client, platforms: options.platforms)
        let (texts, expandFailures) = await resolver.expandAll(entries)
        // ace-dt gathers a repeated source twice (two entries); ferry does the same, but says so.
        var firstLine: [String: Int] = [:]
        for source in texts {
            if let earlier = firstLine[source.text] {
                events(.warning("\(options.sourceFile.map { "\($0):" } ?? "line ")\(source.entry.line): \(source.text) is also on line \(earlier); it will be listed twice"))
            } else {
                firstLine[source.text] = source.entry.line
            }
        }
        let (resolved, allFailures) = await resolver.resolveAll(texts, limit: options.concurrency, follow: follow)
        var resolveFailures: [SourceFailure] = []
        for failure in allFailures {
            guard let mismatch = failure.error as? PlatformMismatch else {
                resolveFailures.append(failure)
                continue
            }
            events(.warning("\(options.sourceFile.map { "\($0):" } ?? "line ")\(failure.entry.line): \(mismatch.skipped)"))
        }
        let failures = (expandFailures + resolveFailures).map {
            GatherFailure(reference: $0.reference, line: $0.entry.line, message: "\($0.error)", file: options.sourceFile)
        }.sorted { ($0.line, $0.reference) < ($1.line, $1.reference) }
        return (resolved, failures)
    }

    /// Total counts every reference to a blob; deduplicated counts each digest once. Both
    /// saturate: sizes are what manifests claim, up to `Int64.max` each.
    static func sizes(_ graphs: [GraphBlobs]) -> (total: Int64, deduplicated: Int64) {
        var total: Int64 = 0
        var unique: [Digest: Int64] = [:]
        for graph in graphs {
            total = total.addingSaturated(graph.totalSize)
            for blob in graph.descriptors { unique[blob.digest] = blob.size }
        }
        return (total, unique.values.saturatedSum)
    }
}
