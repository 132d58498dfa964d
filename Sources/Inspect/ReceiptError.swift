/// Why a receipt cannot be used; each names the file and says what to do.
public enum ReceiptError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case wrongKind(path: String, found: String, expected: String)
    case newerVersion(path: String, version: Int)
    case tampered(path: String)
    case incomplete(path: String, reason: String)
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            return "receipt \(path): cannot read it: \(reason)"
        case .wrongKind(let path, let found, let expected):
            return "receipt \(path) is a \(found) receipt; this needs a \(expected) receipt"
        case .newerVersion(let path, let version):
            return "receipt \(path) has receiptVersion \(version); this ferry reads up to \(Receipt.currentVersion): use a newer ferry"
        case .tampered(let path):
            return "receipt \(path) does not match its own sha256: it was changed or damaged after it was written; use the original"
        case .incomplete(let path, let reason):
            return "receipt \(path): \(reason)"
        case .cannotWrite(let path, let reason):
            return "receipt \(path): cannot write it: \(reason)"
        }
    }
}
