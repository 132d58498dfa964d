import Config
import Foundation
import OCI
import Registry
import Store

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
}

extension Gatherer {
    /// Resolves every source and walks every graph (manifests only), then asks the target which
    /// blobs it has. Nothing is written anywhere.
    public func plan(_ entries: [SourceEntry]) async throws -> GatherPlan {
        var (resolved, failures) = try await resolveChecked(entries)
        let client = self.client
        let referrers = options.referrers
        var walked = [(GatherPlan.Image, GraphBlobs)?](repeating: nil, count: resolved.count)
        let continueOnError = options.continueOnError
        try await forEachBounded(resolved, limit: options.concurrency, { item in
            let source = RegistryContent(client: client, reference: item.reference)
            return try await GraphPlanner.walk(item.root, from: source, referrers: referrers).blobs
        }, receive: { position, outcome in
            let item = resolved[position]
            switch outcome {
            case .success(let blobs):
                walked[position] = (.init(source: item.text, line: item.entry.line, descriptor: item.root.descriptor,
                                          blobs: blobs.descriptors.count, bytes: blobs.totalSize), blobs)
            case .failure(let error):
                let failure = GatherFailure(reference: item.text, line: item.entry.line, message: "\(error)", file: options.sourceFile)
                guard continueOnError else { throw failure }
                failures.append(failure)
            }
        })
        resolved = []
        let done = walked.compactMap { $0 }
        let sizes = Self.sizes(done.map(\.1))
        var unique: [Digest: Descriptor] = [:]
        for (_, graph) in done { for blob in graph.descriptors { unique[blob.digest] = blob } }
        var present = 0
        var presentBytes: Int64 = 0
        let target = self.target
        let blobs = Array(unique.values)
        try await forEachBounded(blobs, limit: options.concurrency * 2, { blob in
            try await target.hasBlob(blob)
        }, receive: { position, outcome in
            if try outcome.get() {
                present += 1
                presentBytes = presentBytes.addingSaturated(blobs[position].size)
            }
        })
        return GatherPlan(images: done.map(\.0), failures: failures, blobs: unique.count, totalSize: sizes.total,
                          deduplicatedSize: sizes.deduplicated, blobsPresent: present, bytesPresent: presentBytes)
    }
}
