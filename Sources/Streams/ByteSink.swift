/// Receives bytes on a transfer thread. Implementations may block (e.g. a full pipe) and throw to abort.
public protocol ByteSink: AnyObject, Sendable {
    func write(_ bytes: UnsafeRawBufferPointer) throws
}
