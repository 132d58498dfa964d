import Foundation
import OCI

/// What one pass over a serialized stream found, without extracting it: every file entry with
/// the digest of the bytes it carried, the small documents (oci-layout, each index.json, the
/// manifests, the platform of each image config) and only size and digest of everything else.
public struct StreamScan: Sendable {
    /// File entries in stream order (directories carry nothing and are not listed).
    public var entries: [ScannedEntry] = []
    /// Entries that were wrong as read: a blob whose bytes do not match its name, a bad oci-layout,
    /// an index.json that is no index, a tar stream damaged or cut short.
    public var problems: [StreamProblem] = []
    /// Whether an `oci-layout` entry with `{"imageLayoutVersion":"1.0.0"}` was met.
    public var sawLayoutMarker = false
    /// Every index.json entry, in order: ferry and ace-dt write one listing the root first and
    /// one listing every manifest last.
    public var indexes: [ImageIndex] = []
    /// The manifests and indexes the stream carried, verified.
    public var manifests: [Digest: ParsedManifest] = [:]
    /// The platform an image config names (its os, architecture, variant), by the config's digest.
    public var configPlatforms: [Digest: Platform] = [:]
    /// Every blob entry whose bytes matched its name, with its size.
    public var blobs: [Digest: Int64] = [:]
    /// Blob entries whose bytes did not match their name (each named in `problems` already).
    public var damaged: Set<Digest> = []
    /// sha256 and size of the whole input as read, padding after the tar included: what a
    /// receipt records and `sha256sum` of the file prints.
    public var streamDigest: Digest?
    public var streamSize: Int64 = 0

    public init() {}

    /// The stream's root: the one manifest the first index.json lists.
    public var root: Descriptor? {
        guard let first = indexes.first, first.manifests.count == 1 else { return nil }
        return first.manifests.first
    }

    /// The index.json that lists every manifest (the last one).
    public var finalIndex: ImageIndex? { indexes.last }

    /// The size the stream carried for `digest`, as a blob or a manifest.
    public func carried(_ digest: Digest) -> Int64? {
        blobs[digest] ?? manifests[digest].map { Int64($0.bytes.count) }
    }
}
