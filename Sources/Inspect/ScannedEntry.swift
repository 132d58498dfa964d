import OCI

/// One file entry of a stream as the scan met it: its path, the digest of the bytes it carried
/// (sha256, or the algorithm its `blobs/<alg>/` path names), their count, and where the entry
/// (with its tar padding) ends in the uncompressed tar: what a checkpoint line records.
public struct ScannedEntry: Sendable, Equatable, Codable {
    public var path: String
    public var digest: Digest
    public var size: Int64
    public var end: Int64

    public init(path: String, digest: Digest, size: Int64, end: Int64) {
        self.path = path
        self.digest = digest
        self.size = size
        self.end = end
    }

    /// The entry path of a blob: `blobs/<algorithm>/<hex>`.
    public static func blobPath(_ digest: Digest) -> String {
        "blobs/\(digest.algorithm.rawValue)/\(digest.encoded)"
    }

    /// The digest a `blobs/<algorithm>/<hex>` path names; nil for any other path.
    public static func blobDigest(ofPath path: String) -> Digest? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "blobs" else { return nil }
        return try? Digest("\(parts[1]):\(parts[2])")
    }
}
