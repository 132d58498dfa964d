import Foundation
import OCI
import Registry
import Store

/// What a copy should include.
public struct CopyOptions: Sendable {
    /// Keep only these platforms of a multi-arch index (empty: all).
    public var platforms: [Platform]
    /// Bring signatures, SBOMs and other manifests whose subject is a copied manifest.
    public var referrers: Bool
    /// Blob transfers at once.
    public var concurrency: Int

    public init(platforms: [Platform] = [], referrers: Bool = false, concurrency: Int = 6) {
        self.platforms = platforms
        self.referrers = referrers
        self.concurrency = concurrency
    }
}

/// Copies one image or index, with its whole graph, from any source to any target.
public final class ImageCopier: Sendable {
    private let source: any ContentSource
    private let session: TransferSession
    private let options: CopyOptions

    public init(source: any ContentSource, target: any ContentTarget, options: CopyOptions = CopyOptions(),
                events: @escaping @Sendable (CopyEvent) -> Void = { _ in }) {
        self.source = source
        self.options = options
        self.session = TransferSession(target: target, concurrency: options.concurrency, events: events)
    }

    public func run() async throws -> CopySummary {
        let started = Date()
        let root = try await PlatformSelection.select(options.platforms, from: try await source.root(), source: source)
        try session.target.checkPin(receiving: root.digest)
        try await session.copy(root, from: source, tag: session.target.tag, referrers: options.referrers)
        var summary = await session.summary
        summary.root = root.descriptor
        summary.seconds = Date().timeIntervalSince(started)
        return summary
    }
}

/// `--platform` applied to a root: one match becomes the root itself, several a new index of
/// just those; an image or index without a match is an error listing what it has.
public enum PlatformSelection {
    public static func select(_ platforms: [Platform], from root: ParsedManifest, source: any ContentSource) async throws -> ParsedManifest {
        guard !platforms.isEmpty, case .index(let index) = root.body else { return root }
        let matching = try matches(platforms, in: index, digest: root.digest)
        if matching.count == 1, let only = matching.first { return try await source.manifest(only) }
        var filtered = index
        filtered.manifests = matching
        return try ParsedManifest(bytes: filtered.goJSON(), contentType: root.mediaType)
    }

    /// The entries of `index` whose platform matches one of `platforms`.
    public static func matches(_ platforms: [Platform], in index: ImageIndex, digest: Digest) throws -> [Descriptor] {
        let matching = index.manifests.filter { entry in
            guard let platform = entry.platform else { return false }
            return platforms.contains { $0.matches(platform) }
        }
        guard !matching.isEmpty else {
            let available = index.manifests.compactMap { $0.platform?.description }.joined(separator: ", ")
            throw StoreError.notFound("platform \(platforms.map(\.description).joined(separator: ", ")) in index \(digest) (it has: \(available))")
        }
        return matching
    }
}

/// One transfer per key: a second caller for the same digest waits for the first one's result.
///
/// The first caller runs the work itself (not in a detached task), so cancelling the copy
/// cancels the transfer; callers that were waiting then see the same error.
actor SingleFlight<Key: Hashable & Sendable, Value: Sendable> {
    private enum State {
        case running([CheckedContinuation<Value, any Error>])
        case done(Result<Value, any Error>)
    }
    private var states: [Key: State] = [:]

    /// A success is remembered for the rest of the run; a failure is not: a caller that was
    /// waiting (and is not itself cancelled) tries once more, so one image's cancelled or failed
    /// transfer does not fail every other image sharing the blob.
    func run(_ key: Key, _ work: @Sendable () async throws -> Value) async throws -> Value {
        do {
            return try await attempt(key, work)
        } catch let first as WaiterFailure {
            if Task.isCancelled { throw first.underlying }
            do {
                return try await attempt(key, work)
            } catch let second as WaiterFailure {
                throw second.underlying
            }
        }
    }

    private func attempt(_ key: Key, _ work: @Sendable () async throws -> Value) async throws -> Value {
        switch states[key] {
        case .done(let result)?:
            return try result.get()
        case .running(var waiters)?:
            do {
                return try await withCheckedThrowingContinuation { continuation in
                    waiters.append(continuation)
                    states[key] = .running(waiters)
                }
            } catch {
                throw WaiterFailure(underlying: error)
            }
        case nil:
            states[key] = .running([])
            let result: Result<Value, any Error>
            do { result = .success(try await work()) } catch { result = .failure(error) }
            if case .running(let waiters)? = states[key] { waiters.forEach { $0.resume(with: result) } }
            states[key] = result.isSuccess ? .done(result) : nil
            return try result.get()
        }
    }

    /// The leader's failure as a waiter saw it.
    private struct WaiterFailure: Error { let underlying: any Error }
}

private extension Result {
    var isSuccess: Bool {
        if case .success = self { return true }
        return false
    }
}
