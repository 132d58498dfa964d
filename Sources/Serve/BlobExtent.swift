/// Where a blob's bytes lie: a byte range of a file (a layout's blob file, or an entry's data in
/// a stream file). Blobs are read from here per request and never copied.
public struct BlobExtent: Sendable, Hashable {
    public var path: String
    /// Offset of the blob's first byte in the file.
    public var offset: Int64
    public var size: Int64

    public init(path: String, offset: Int64, size: Int64) {
        self.path = path
        self.offset = offset
        self.size = size
    }
}
