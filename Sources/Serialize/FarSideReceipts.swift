import Foundation
import Inspect
import OCI

/// The `deserialize` receipts given with `--existing-from-receipt`: what the far side holds.
struct FarSideReceipts {
    let receipts: [(path: String, receipt: Receipt)]

    /// Reads each receipt, refusing one of another kind, a newer version, a changed one, or one
    /// that does not name the target and root it describes.
    init(paths: [String]) throws {
        receipts = try paths.map { path in
            let receipt = try ReceiptFile.read(path, kind: .deserialize)
            guard let target = receipt.target, !target.isEmpty else {
                throw SerializeError.receiptIncomplete(path, reason: "it names no target repository")
            }
            guard receipt.blobs?.contains(where: { $0.digest == receipt.root.digest }) == true else {
                throw SerializeError.receiptIncomplete(path, reason: "its root \(receipt.root.digest) is not among what it says the target holds")
            }
            return (path, receipt)
        }
    }

    /// Blobs (not manifests: as for EXISTING-IMAGE, those still travel, so the stream lists its
    /// whole set) the far side holds.
    var blobDigests: Set<Digest> {
        var digests: Set<Digest> = []
        for (_, receipt) in receipts {
            for blob in receipt.blobs ?? [] where !MediaType.isManifest(blob.mediaType ?? "") { digests.insert(blob.digest) }
        }
        return digests
    }

    /// A warning for each receipt whose set shares no image with the one being written: most
    /// likely the receipt of another set, which leaves nothing out.
    func unrelated(to root: ParsedManifest) -> [String] {
        let images = Set(ReceiptSource.images(of: root, name: "").map(\.digest)).union([root.digest])
        return receipts.compactMap { path, receipt in
            let theirs = Set(receipt.sources.map(\.digest)).union([receipt.root.digest])
            guard images.isDisjoint(with: theirs) else { return nil }
            return "receipt \(path) (\(receipt.target ?? "")) shares no image with this set: is it the receipt of another set?"
        }
    }
}
