import Foundation
import OCI

/// Why `ferry serve` cannot serve a source (found at start, before listening) or a request.
public enum ServeError: Error, Sendable, CustomStringConvertible {
    case io(path: String, operation: String, errno: Int32)
    /// Content that does not match the digest it is stored under.
    case badContent(Digest, reason: String)
    case compressedStream(path: String, compression: String)
    case badStream(path: String, reason: String)
    case badLayout(path: String, reason: String)
    case badOption(String)

    public var description: String {
        switch self {
        case .io(let path, let operation, let code):
            return "cannot \(operation) \(path): \(String(cString: strerror(code)))"
        case .badContent(let digest, let reason):
            return "blob \(digest) is damaged: \(reason); refusing to serve it"
        case .compressedStream(let path, let compression):
            return "\(path) is a \(compression)-compressed stream; serve reads blobs in place and needs a plain tar: "
                + "decompress it first (\(compression == "gzip" ? "gunzip -k" : "zstd -d") \(path)) and serve the .tar"
        case .badStream(let path, let reason):
            return "\(path) cannot be served: \(reason)"
        case .badLayout(let path, let reason):
            return "\(path) cannot be served: \(reason)"
        case .badOption(let reason):
            return reason
        }
    }
}
