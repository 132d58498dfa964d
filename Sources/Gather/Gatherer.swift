import Config
import Foundation
import OCI
import Registry
import Store

/// What a gather run reports as it goes.
public enum GatherEvent: Sendable {
    case copy(CopyEvent)
    /// One source resolved to an image (or one platform of it) and fully copied.
    case image(source: String, digest: Digest)
    case failure(GatherFailure)
}

/// The outcome of a gather: the index written, what moved, and what failed (with `--continue`).
public struct GatherResult: Sendable {
    public var index: ParsedManifest
    public var images: Int
    public var totalSize: Int64
    public var deduplicatedSize: Int64
    public var copy: CopySummary
    public var failures: [GatherFailure]
    public var seconds: Double
}

/// Gathers every image of a sources.list into one target, each blob once, and writes the gather
/// index (ace-dt's format) as the target's tag.
public final class Gatherer: Sendable {
    let client: RegistryClient
    let target: any ContentTarget
    let options: GatherOptions
    private let events: @Sendable (GatherEvent) -> Void

    public init(client: RegistryClient, target: any ContentTarget, options: GatherOptions,
                events: @escaping @Sendable (GatherEvent) -> Void = { _ in }) {
        self.client = client
        self.target = target
        self.options = options
        self.events = events
    }

    /// Resolves every source first (nothing moves if one fails without `--continue`), then
    /// copies them all in parallel and writes the index.
    public func run(_ entries: [SourceEntry]) async throws -> GatherResult {
        let started = Date()
        var (resolved, failures) = await resolveAll(entries)
        if let first = failures.first, !options.continueOnError { throw first }
        let eventSink = events
        let session = TransferSession(target: target, concurrency: options.concurrency) { eventSink(.copy($0)) }
        var copied: [(ResolvedSource, GraphBlobs)] = []
        let referrers = options.referrers
        let limit = max(1, options.concurrency)
        try await withThrowingTaskGroup(of: (ResolvedSource, Result<GraphBlobs, any Error>).self) { group in
            var next = 0
            func addNext() {
                guard next < resolved.count else { return }
                let item = resolved[next]
                next += 1
                group.addTask {
                    let source = RegistryContent(client: self.client, reference: item.reference)
                    do {
                        return (item, .success(try await session.copy(item.root, from: source, tag: nil, referrers: referrers)))
                    } catch {
                        return (item, .failure(error))
                    }
                }
            }
            for _ in 0..<limit { addNext() }
            while let (item, outcome) = try await group.next() {
                switch outcome {
                case .success(let blobs):
                    copied.append((item, blobs))
                    eventSink(.image(source: item.text, digest: item.root.digest))
                case .failure(let error):
                    let failure = GatherFailure(reference: item.text, line: item.entry.line, message: "\(error)")
                    guard options.continueOnError else { group.cancelAll(); throw failure }
                    failures.append(failure)
                    eventSink(.failure(failure))
                }
                addNext()
            }
        }
        resolved = copied.map(\.0)
        let sizes = Self.sizes(copied.map(\.1))
        let builder = GatherIndexBuilder(indexFallback: options.indexFallback, annotations: options.annotations)
        let index = try builder.build(entries: resolved.map(GatherIndexBuilder.entry(for:)),
                                      totalSize: sizes.total, deduplicatedSize: sizes.deduplicated)
        try await target.putManifest(index, tag: target.tag)
        return GatherResult(index: index, images: resolved.count, totalSize: sizes.total, deduplicatedSize: sizes.deduplicated,
                            copy: await session.summary, failures: failures, seconds: Date().timeIntervalSince(started))
    }

    /// Expands and resolves every line, bounded in parallel, keeping file order.
    func resolveAll(_ entries: [SourceEntry]) async -> ([ResolvedSource], [GatherFailure]) {
        let resolver = SourceResolver(client: client, platforms: options.platforms)
        var texts: [(SourceEntry, String)] = []
        var failures: [GatherFailure] = []
        for entry in entries {
            do {
                texts += try await resolver.expand(entry).map { (entry, $0) }
            } catch {
                failures.append(GatherFailure(reference: entry.reference, line: entry.line, message: "\(error)"))
            }
        }
        var results = [[ResolvedSource]?](repeating: nil, count: texts.count)
        await withTaskGroup(of: (Int, Result<[ResolvedSource], GatherFailure>).self) { group in
            var next = 0
            func addNext() {
                guard next < texts.count else { return }
                let position = next
                let (entry, text) = texts[position]
                next += 1
                group.addTask {
                    do {
                        return (position, .success(try await resolver.resolve(text, entry: entry)))
                    } catch {
                        return (position, .failure(GatherFailure(reference: text, line: entry.line, message: "\(error)")))
                    }
                }
            }
            for _ in 0..<max(1, options.concurrency) { addNext() }
            while let (position, outcome) = await group.next() {
                switch outcome {
                case .success(let sources): results[position] = sources
                case .failure(let failure): failures.append(failure)
                }
                addNext()
            }
        }
        failures.sort { ($0.line, $0.reference) < ($1.line, $1.reference) }
        return (results.compactMap { $0 }.flatMap { $0 }, failures)
    }

    /// Total counts every reference to a blob; deduplicated counts each digest once.
    static func sizes(_ graphs: [GraphBlobs]) -> (total: Int64, deduplicated: Int64) {
        var total: Int64 = 0
        var unique: [Digest: Int64] = [:]
        for graph in graphs {
            for blob in graph.descriptors {
                total += blob.size
                unique[blob.digest] = blob.size
            }
        }
        return (total, unique.values.reduce(0, +))
    }
}
