/// What a serialization did.
public struct SerializeSummary: Sendable {
    public var blobs: Int
    public var blobBytes: Int64
    public var skippedBlobs: Int
    public var skippedBytes: Int64
    /// Bytes of the stream (compressed when compressed), padding excluded.
    public var streamBytes: Int64
    /// The offset a `--resume` run continued from.
    public var resumedAt: Int64?
    /// Blob entries (and their bytes) a resumed run kept from the interrupted one: counted in
    /// `blobs`, not written again.
    public var keptBlobs = 0
    public var keptBlobBytes: Int64 = 0
    public var seconds: Double
}
