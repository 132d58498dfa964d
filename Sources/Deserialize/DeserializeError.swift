
/// A stream that could not be fully taken in. Manifests whose content is complete were pushed;
/// none whose content is missing, corrupt or invalid was, and the root was not tagged.
public enum DeserializeError: Error, Sendable, CustomStringConvertible, Equatable {
    case incomplete(DeserializeShortfall)
    case noIndex(String)
    case unexpectedEntry(String)
    case badEntry(String, reason: String)
    /// An entry out of the order `--strict` asks for (`StrictEntryOrder`).
    case outOfOrder(String, rule: String)
    /// The stream was complete, but the target refused some manifests (everything else is in).
    case refused(count: Int, first: String)

    public var description: String {
        switch self {
        case .incomplete(let shortfall): return shortfall.description
        case .noIndex(let detail): return "no usable index.json in the stream: \(detail)"
        case .unexpectedEntry(let path): return "unexpected entry \"\(path)\" (not part of an OCI layout stream)"
        case .badEntry(let path, let reason): return "entry \"\(path)\": \(reason)"
        case .outOfOrder(let path, let rule): return "entry \"\(path)\" is out of order: \(rule)"
        case .refused(let count, let first):
            return "the target refused \(count) manifest\(count == 1 ? "" : "s") (and so what lists \(count == 1 ? "it" : "them")); everything else was pushed. First: \(first)"
        }
    }
}
