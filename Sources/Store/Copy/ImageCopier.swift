import Foundation
import OCI
import Registry

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

/// Progress of a copy, for the progress bar and `--json` lines.
public enum CopyEvent: Sendable {
    case blob(Descriptor, BlobPushOutcome)
    case manifest(Descriptor, existed: Bool)
    /// Bytes moved since the previous event of this kind.
    case bytes(Int64)
}

/// What a copy did.
public struct CopySummary: Sendable, Codable {
    public var root: Descriptor?
    public var manifests = 0
    /// Manifests the target had already (their blobs were not looked at again).
    public var manifestsExisting = 0
    public var blobsUploaded = 0
    public var blobsMounted = 0
    public var blobsExisting = 0
    public var bytesUploaded: Int64 = 0
    public var bytesSkipped: Int64 = 0
    public var seconds: Double = 0
}

/// Copies one image or index, with its whole graph, from any source to any target.
///
/// Children go before parents (a registry refuses a manifest whose blobs are missing), blobs
/// stream through with bounded parallelism, each digest is transferred once even when several
/// manifests share it, and a manifest the target already has is not walked again.
public final class ImageCopier: Sendable {
    private let source: any ContentSource
    private let target: any ContentTarget
    private let options: CopyOptions
    private let events: @Sendable (CopyEvent) -> Void
    private let limiter: TransferLimiter
    private let flights = SingleFlight<Digest, BlobPushOutcome>()
    private let stats = Stats()

    public init(source: any ContentSource, target: any ContentTarget, options: CopyOptions = CopyOptions(),
                events: @escaping @Sendable (CopyEvent) -> Void = { _ in }) {
        self.source = source
        self.target = target
        self.options = options
        self.events = events
        self.limiter = TransferLimiter(limit: options.concurrency)
    }

    public func run() async throws -> CopySummary {
        let started = Date()
        let root = try await selectPlatforms(try await source.root())
        try await copy(root, tag: target.tag, isRoot: true)
        var summary = await stats.summary
        summary.root = root.descriptor
        summary.seconds = Date().timeIntervalSince(started)
        return summary
    }

    /// Applies `--platform`: one match becomes the root itself, several a new index of just those.
    private func selectPlatforms(_ root: ParsedManifest) async throws -> ParsedManifest {
        guard !options.platforms.isEmpty, case .index(let index) = root.body else { return root }
        let matching = index.manifests.filter { entry in
            guard let platform = entry.platform else { return false }
            return options.platforms.contains { $0.matches(platform) }
        }
        guard !matching.isEmpty else {
            let available = index.manifests.compactMap { $0.platform?.description }.joined(separator: ", ")
            throw StoreError.notFound("platform \(options.platforms.map(\.description).joined(separator: ", ")) in index \(root.digest) (it has: \(available))")
        }
        if matching.count == 1, let only = matching.first { return try await source.manifest(only) }
        var filtered = index
        filtered.manifests = matching
        return try ParsedManifest(bytes: filtered.goJSON(), contentType: root.mediaType)
    }

    private func copy(_ manifest: ParsedManifest, tag: String?, isRoot: Bool) async throws {
        let existed = try await target.hasManifest(manifest.descriptor)
        if !existed {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for child in manifest.children {
                    group.addTask {
                        if MediaType.isManifest(child.mediaType) {
                            try await self.copy(try await self.source.manifest(child), tag: nil, isRoot: false)
                        } else {
                            try await self.copyBlob(child)
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        if !existed {
            try await target.putManifest(manifest, tag: tag)
        } else if isRoot, let tag, try await target.digest(tagged: tag) != manifest.digest {
            try await target.putManifest(manifest, tag: tag)
        }
        await stats.manifest(existed: existed)
        events(.manifest(manifest.descriptor, existed: existed))
        if options.referrers {
            for referrer in try await source.referrers(manifest.digest) where MediaType.isManifest(referrer.mediaType) {
                try await copy(try await source.manifest(referrer), tag: nil, isRoot: false)
            }
        }
    }

    private func copyBlob(_ descriptor: Descriptor) async throws {
        // Non-distributable (foreign) layers stay where their URLs point, as skopeo does.
        if descriptor.mediaType.contains("nondistributable") || descriptor.mediaType.contains("foreign") { return }
        // Counted inside the flight: a digest shared by several manifests is one transfer.
        _ = try await flights.run(descriptor.digest) { () async throws -> BlobPushOutcome in
            let outcome = try await self.limiter.run {
                let source = self.source
                let events = self.events
                return try await self.target.putBlob(descriptor, mountFrom: source.repository) { offset in
                    CountingSource(try source.openBlob(descriptor, offset: offset)) { events(.bytes($0)) }
                }
            }
            await self.stats.blob(descriptor, outcome)
            self.events(.blob(descriptor, outcome))
            return outcome
        }
    }

    private actor Stats {
        var summary = CopySummary()
        func manifest(existed: Bool) {
            summary.manifests += 1
            if existed { summary.manifestsExisting += 1 }
        }
        func blob(_ descriptor: Descriptor, _ outcome: BlobPushOutcome) {
            switch outcome {
            case .uploaded: summary.blobsUploaded += 1; summary.bytesUploaded += descriptor.size
            case .mounted: summary.blobsMounted += 1; summary.bytesSkipped += descriptor.size
            case .existed: summary.blobsExisting += 1; summary.bytesSkipped += descriptor.size
            }
        }
    }
}

/// Reports bytes as they are read, for progress, without holding them.
final class CountingSource: ByteSource, @unchecked Sendable {
    private let base: any ByteSource
    private let report: @Sendable (Int64) -> Void

    init(_ base: any ByteSource, report: @escaping @Sendable (Int64) -> Void) {
        self.base = base
        self.report = report
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = try base.read(into: buffer)
        if n > 0 { report(Int64(n)) }
        return n
    }

    func close() { base.close() }
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

    func run(_ key: Key, _ work: @Sendable () async throws -> Value) async throws -> Value {
        switch states[key] {
        case .done(let result)?:
            return try result.get()
        case .running(var waiters)?:
            return try await withCheckedThrowingContinuation { continuation in
                waiters.append(continuation)
                states[key] = .running(waiters)
            }
        case nil:
            states[key] = .running([])
            let result: Result<Value, any Error>
            do { result = .success(try await work()) } catch { result = .failure(error) }
            if case .running(let waiters)? = states[key] { waiters.forEach { $0.resume(with: result) } }
            states[key] = .done(result)
            return try result.get()
        }
    }
}
