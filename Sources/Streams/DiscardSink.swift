/// A sink that discards bytes (used to drain, or when only the digest matters).
public final class DiscardSink: ByteSink {
    public init() {}
    public func write(_ bytes: UnsafeRawBufferPointer) throws {}
}
