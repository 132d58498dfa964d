import Foundation

/// Why a serialization could not start or finish; each message names the file or value at fault.
public enum SerializeError: Error, Sendable, CustomStringConvertible, Equatable {
    case badArgument(String)
    case badCheckpoint(String, reason: String)
    case unreadable(String)
    case resumeMismatch(String)
    case cannotResume(String)

    public var description: String {
        switch self {
        case .badArgument(let message): return message
        case .badCheckpoint(let location, let reason): return "checkpoint \(location): \(reason)"
        case .unreadable(let path): return "cannot read \(path)"
        case .resumeMismatch(let detail): return "cannot resume: the checkpoint does not match this stream (\(detail)); serialize again without --resume"
        case .cannotResume(let reason): return "cannot resume: \(reason)"
        }
    }
}
