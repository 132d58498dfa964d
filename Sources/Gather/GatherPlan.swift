import Config
import Foundation
import OCI
import Registry
import Store
import Transfer

/// What a gather would do, computed without transferring anything (`--dry-run`).
public struct GatherPlan: Sendable {
    public struct Image: Sendable {
        public var source: String
        public var line: Int
        public var descriptor: Descriptor
        public var blobs: Int
        public var bytes: Int64
    }
    public var images: [Image]
    public var failures: [GatherFailure]
    public var blobs: Int
    public var totalSize: Int64
    public var deduplicatedSize: Int64
    /// Unique blobs (and their bytes) the target already has.
    public var blobsPresent: Int
    public var bytesPresent: Int64
    /// Unique blobs the target lacks but would mount from a repository of its own registry.
    public var blobsMountable = 0
    public var bytesMountable: Int64 = 0

    /// What would really cross the network: neither present nor mountable.
    public var bytesToTransfer: Int64 {
        max(0, deduplicatedSize.addingSaturated(-bytesPresent).addingSaturated(-bytesMountable))
    }
}

extension Gatherer {
    /// Resolves every source and walks every graph (manifests only), then asks the target which
    /// blobs it has. Nothing is written anywhere.
    public func plan(_ entries: [SourceEntry]) async throws -> GatherPlan {
        var (resolved, failures) = try await resolveChecked(entries)
        let client = self.client
        let referrers = options.referrers
        var walked = [(GatherPlan.Image, GraphBlobs, Repository)?](repeating: nil, count: resolved.count)
        let continueOnError = options.continueOnError
        try await forEachBounded(resolved, limit: options.concurrency, { item in
            let source = RegistryContent(client: client, reference: item.reference)
            return try await GraphPlanner.walk(item.root, from: source, referrers: referrers).blobs
        }, receive: { position, outcome in
            let item = resolved[position]
            switch outcome {
            case .success(let blobs):
                walked[position] = (.init(source: item.text, line: item.entry.line, descriptor: item.root.descriptor,
                                          blobs: blobs.descriptors.count, bytes: blobs.totalSize), blobs, Repository(item.reference))
            case .failure(let error):
                let failure = GatherFailure(reference: item.text, line: item.entry.line, message: "\(error)", file: options.sourceFile)
                guard continueOnError else { throw failure }
                failures.append(failure)
            }
        })
        resolved = []
        let done = walked.compactMap { $0 }
        let sizes = Self.sizes(done.map(\.1))
        var unique: [Digest: (blob: Descriptor, source: Repository)] = [:]
        for (_, graph, source) in done { for blob in graph.descriptors where unique[blob.digest] == nil { unique[blob.digest] = (blob, source) } }
        var plan = GatherPlan(images: done.map(\.0), failures: failures, blobs: unique.count, totalSize: sizes.total,
                              deduplicatedSize: sizes.deduplicated, blobsPresent: 0, bytesPresent: 0)
        let target = self.target
        let blobs = Array(unique.values)
        try await forEachBounded(blobs, limit: options.concurrency * 2, { item in
            try await target.hasBlob(item.blob)
        }, receive: { position, outcome in
            let (blob, source) = blobs[position]
            if try outcome.get() {
                plan.blobsPresent += 1
                plan.bytesPresent = plan.bytesPresent.addingSaturated(blob.size)
            } else if target.canMount(blob, from: source) {
                plan.blobsMountable += 1
                plan.bytesMountable = plan.bytesMountable.addingSaturated(blob.size)
            }
        })
        return plan
    }
}
