import Foundation
import OCI
import Inspect

/// The small files of a stream, byte for byte as ace-dt writes them.
enum StreamDocuments {
    /// `oci-layout` (Go's `json.Marshal(ocispec.ImageLayout)`).
    static let ociLayout = Data(#"{"imageLayoutVersion":"1.0.0"}"#.utf8)

    /// Serialization format version ace-dt writes (and reads) in index.json.
    static let serializationVersion = "2"

    /// The tar path of a blob: `blobs/<algorithm>/<hex>`.
    static func blobPath(_ digest: Digest) -> String { ScannedEntry.blobPath(digest) }

    /// index.json (Go's `json.MarshalIndent(index, "", "  ")`): the opening one lists the root
    /// only, the closing one every manifest met; both carry the same three annotations.
    static func index(manifests: [Descriptor], toolVersion: String, deduplicatedSize: String) -> Data {
        let index = ImageIndex(manifests: manifests, annotations: [
            AnnotationKey.dataVersion: toolVersion,
            AnnotationKey.serializationVersion: serializationVersion,
            AnnotationKey.layerSizeDeduplicated: deduplicatedSize,
        ])
        return GoJSON.indent(index.goJSON())
    }
}
