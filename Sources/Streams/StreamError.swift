/// Errors raised by the in-process streams themselves.
public enum StreamError: Error, Sendable, CustomStringConvertible {
    case tooLarge(limit: Int)
    case closed

    public var description: String {
        switch self {
        case .tooLarge(let limit): return "document larger than the \(limit)-byte limit"
        case .closed: return "stream closed by the other side"
        }
    }
}
