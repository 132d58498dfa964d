import OCI

/// Why a set cannot be listed or a stream read as a set.
public enum InspectError: Error, Sendable, Equatable, CustomStringConvertible {
    case noRoot
    case notInStream(Digest)
    case blobNotKept(Digest)

    public var description: String {
        switch self {
        case .noRoot:
            return "the stream has no root: its first index.json is missing or does not list exactly one manifest (run ferry verify on it)"
        case .notInStream(let digest):
            return "manifest \(digest) is not in the stream (run ferry verify on it)"
        case .blobNotKept(let digest):
            return "blob \(digest): a stream is listed without keeping blob contents"
        }
    }
}
