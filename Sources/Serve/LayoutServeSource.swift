import Foundation
import OCI
import Store

/// An OCI image layout served as it lies: `oci:DIR` (umoci's, skopeo's, ferry's) or ferry's local
/// store, which is one. Blobs are the files under `blobs/<alg>/`; only regular files inside the
/// layout count (`OCILayout.hasBlob`), so a symlink out of it serves nothing of this machine.
public struct LayoutServeSource: ServeSource {
    public let layout: OCILayout
    public let entries: [Descriptor]

    /// Opens the layout at `path` (never creating one) and reads its index.json.
    public init(path: String) throws {
        do {
            layout = try OCILayout(root: URL(fileURLWithPath: path), create: false)
            entries = try layout.index().manifests
        } catch {
            throw ServeError.badLayout(path: path, reason: "\(error)")
        }
    }

    public var description: String { "oci:\(layout.root.path)" }

    public func extent(of digest: Digest) -> BlobExtent? {
        guard layout.hasBlob(digest) else { return nil }
        let path = layout.blobPath(digest)
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return BlobExtent(path: path, offset: 0, size: Int64(info.st_size))
    }
}
