import Foundation
import OCI

/// What one side of an air gap can prove it wrote or holds, as a JSON file (docs/receipts.md).
///
/// `serialize` and `archive` write a `serialize` receipt once the stream is complete: the stream's
/// sha256 and size as they went onto the medium, its root, every entry, the gathered images, and
/// the blobs left out because the far side has them. `deserialize` writes a `deserialize`
/// receipt: what the target holds under the root. Carried back across the gap, that one lets the
/// next `serialize --existing-from-receipt` leave out everything the far side has.
public struct Receipt: Codable, Sendable, Equatable {
    public static let currentVersion = 1

    public enum Kind: String, Codable, Sendable {
        case serialize, deserialize
    }

    /// The schema version; a reader refuses a newer one rather than misread it.
    public var receiptVersion = Receipt.currentVersion
    public var kind: Kind
    /// The ferry version that wrote it.
    public var tool: String
    /// The root of the set: the gather index (or image) the stream carries or the target holds.
    public var root: ReceiptBlob
    /// The images of the set: each gathered image's source reference as written and its digest.
    public var sources: [ReceiptSource]

    // MARK: serialize

    /// The stream as written to the medium.
    public var stream: StreamFacts?
    /// Every file entry, in stream order.
    public var entries: [ScannedEntry]?
    /// Blobs the set needs that the stream leaves out because the far side has them.
    public var leftOut: [ReceiptBlob]?

    // MARK: deserialize

    /// Where the set went (`REF` or `oci:DIR[:TAG]`).
    public var target: String?
    /// Every manifest and blob the target holds under the root, referrers included.
    public var blobs: [ReceiptBlob]?

    /// sha256 of the canonical body (sorted keys, no whitespace, this field left out), checked on
    /// read: a receipt changed by hand or damaged in transit is refused.
    public var sha256: String?

    public init(kind: Kind, tool: String, root: ReceiptBlob, sources: [ReceiptSource]) {
        self.kind = kind
        self.tool = tool
        self.root = root
        self.sources = sources
    }

    /// Facts about the bytes of a stream as they lie on the medium, padding included.
    public struct StreamFacts: Codable, Sendable, Equatable {
        public var sha256: Digest
        public var size: Int64
        public var compression: String
        public var blockSize: Int

        public init(sha256: Digest, size: Int64, compression: String, blockSize: Int) {
            self.sha256 = sha256
            self.size = size
            self.compression = compression
            self.blockSize = blockSize
        }
    }
}

/// A blob or manifest by digest and size (and media type, where it is known).
public struct ReceiptBlob: Codable, Sendable, Hashable {
    public var digest: Digest
    public var size: Int64
    public var mediaType: String?

    public init(digest: Digest, size: Int64, mediaType: String? = nil) {
        self.digest = digest
        self.size = size
        self.mediaType = mediaType
    }

    public init(_ descriptor: Descriptor) {
        self.init(digest: descriptor.digest, size: descriptor.size, mediaType: descriptor.mediaType)
    }
}

/// One image of the set: the reference it was gathered from, as written, and its digest.
public struct ReceiptSource: Codable, Sendable, Hashable {
    public var reference: String
    public var digest: Digest

    public init(reference: String, digest: Digest) {
        self.reference = reference
        self.digest = digest
    }

    /// The images a gather index lists (`vnd.act3-ace.manifest.source` of each); for a root that
    /// is no index, the root itself under the name it was given.
    public static func images(of root: ParsedManifest, name: String) -> [ReceiptSource] {
        guard let index = root.index else { return [ReceiptSource(reference: name, digest: root.digest)] }
        return index.manifests.map {
            ReceiptSource(reference: $0.annotations?[AnnotationKey.manifestSource] ?? $0.annotations?[AnnotationKey.refName] ?? "",
                          digest: $0.digest)
        }
    }
}
