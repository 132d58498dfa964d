/// A checkpoint of an earlier stream and how many of its bytes are known good on the medium that
/// holds it: its blobs below that offset are on the far side.
public struct ExistingCheckpoint: Sendable, Equatable {
    public var path: String
    public var offset: Int64

    public init(path: String, offset: Int64) {
        self.path = path
        self.offset = offset
    }
}
