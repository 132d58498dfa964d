import Inspect
import OCI
import Store

/// The `deserialize` receipt: what the target holds under the root once a stream went in,
/// read back from the target (not from the stream), so the low side learns what arrived.
enum TargetReceipt {
    static func write(to path: String, index: ImageIndex, target: any ContentSource, name: String) async throws {
        guard let root = index.manifests.first else { return }
        let manifest = try await target.manifest(root)
        var receipt = Receipt(kind: .deserialize, tool: FerryVersion.current, root: ReceiptBlob(manifest.descriptor),
                              sources: ReceiptSource.images(of: manifest, name: name))
        receipt.target = name
        receipt.blobs = try await TargetInventory.blobs(root: root, manifests: index.manifests, in: target)
        try ReceiptFile.write(receipt, to: path)
    }
}
