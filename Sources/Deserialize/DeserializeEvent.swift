/// Progress of a deserialization.
public enum DeserializeEvent: Sendable {
    /// A blob entry was verified and stored (or found present).
    case blob(digest: String, size: Int64, existed: Bool)
    case manifest(digest: String, tag: String?)
    /// Blob bytes read from the stream.
    case bytes(Int64)
}
