import OCI
import Store
import Transfer

/// What a target holds under a set's root, read back from the target itself (not from the
/// stream that filled it): the content of a `deserialize` receipt.
public enum TargetInventory {
    /// Every manifest and blob under `root` and under each of `manifests` (the stream's closing
    /// index.json: referrers included), each once, sorted by digest.
    public static func blobs(root: Descriptor, manifests: [Descriptor], in target: any ContentSource) async throws -> [ReceiptBlob] {
        var found: [Digest: ReceiptBlob] = [:]
        var walked: Set<Digest> = []
        for descriptor in [root] + manifests where !walked.contains(descriptor.digest) {
            let manifest = try await target.manifest(descriptor)
            let graph = try await GraphPlanner.walk(manifest, from: target, referrers: false)
            for manifest in graph.manifests {
                walked.insert(manifest.digest)
                found[manifest.digest] = ReceiptBlob(manifest)
            }
            for blob in graph.blobs.descriptors where !MediaType.isNonDistributable(blob.mediaType) {
                found[blob.digest] = ReceiptBlob(blob)
            }
        }
        return found.values.sorted { $0.digest < $1.digest }
    }
}
