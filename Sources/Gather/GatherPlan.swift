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
        let (resolved, failures) = await resolveAll(entries)
        if let first = failures.first, !options.continueOnError { throw first }
        var images: [GatherPlan.Image] = []
        var graphs: [GraphBlobs] = []
        for item in resolved {
            let source = RegistryContent(client: client, reference: item.reference)
            let (blobs, _) = try await GraphPlanner.walk(item.root, from: source, referrers: options.referrers)
            graphs.append(blobs)
            images.append(.init(source: item.text, line: item.entry.line, descriptor: item.root.descriptor,
                                blobs: blobs.descriptors.count, bytes: blobs.totalSize))
        }
        let sizes = Self.sizes(graphs)
        var unique: [Digest: Descriptor] = [:]
        for graph in graphs { for blob in graph.descriptors { unique[blob.digest] = blob } }
        var present = 0
        var presentBytes: Int64 = 0
        for blob in unique.values where try await target.hasBlob(blob) {
            present += 1
            presentBytes += blob.size
        }
        return GatherPlan(images: images, failures: failures, blobs: unique.count, totalSize: sizes.total,
                          deduplicatedSize: sizes.deduplicated, blobsPresent: present, bytesPresent: presentBytes)
    }
}
