import Foundation
import OCI

/// Failures of the local store: I/O with the path and errno text, and content that failed verification.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    case io(path: String, operation: String, errno: Int32)
    case digestMismatch(expected: Digest, actual: Digest)
    case sizeMismatch(digest: Digest, expected: Int64, actual: Int64)
    case notFound(String)
    case invalidLayout(path: String, reason: String)
    case invalidLocation(String, reason: String)
    case unsupported(String)
    /// A path that must hold content is something else (a FIFO, device, directory…) or lies
    /// outside the store it belongs to.
    case notRegularFile(path: String, kind: String)

    public var description: String {
        switch self {
        case .io(let path, let operation, let code) where code == ENOSPC || code == EDQUOT:
            // The path is usually a temporary file; the directory is what the user can act on.
            let directory = (path as NSString).deletingLastPathComponent
            return "disk full: cannot \(operation) in \(directory) (\(String(cString: strerror(code)))); free space on that file system "
                + "(df -h \(directory)) or choose another location, then rerun: what was stored is kept and not sent again"
        case .io(let path, let operation, let code):
            return "\(operation) \(path): \(String(cString: strerror(code)))"
        case .digestMismatch(let expected, let actual):
            return "content of \(expected) hashes to \(actual): refused"
        case .sizeMismatch(let digest, let expected, let actual):
            return "blob \(digest) has \(actual) bytes, expected \(expected): refused"
        case .notFound(let what):
            return "not found: \(what)"
        case .invalidLayout(let path, let reason):
            return "\(path) is not a usable OCI layout: \(reason)"
        case .invalidLocation(let text, let reason):
            return "invalid location \"\(text)\": \(reason)"
        case .unsupported(let what):
            return "unsupported: \(what)"
        case .notRegularFile(let path, let kind):
            return "\(path) is \(kind), not a regular file: refused; replace it with the blob's content or remove it"
        }
    }
}
