import OCI

/// Progress of a serialization.
public enum SerializeEvent: Sendable {
    case planned(StreamPlan)
    /// A blob entry is complete in the stream.
    case entry(Descriptor)
    /// Blob bytes read from the source.
    case bytes(Int64)
    /// Something the user should know that does not stop the run.
    case warning(String)
}
