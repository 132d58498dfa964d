import Foundation

/// Everything that can go wrong while writing or reading a stream, each with a one-line message
/// that names the path, entry or offset involved.
public enum TarStreamError: Error, CustomStringConvertible, Sendable {
    /// An entry deserialize must not create: absolute path, `..`, link, device, FIFO, ...
    case refusedEntry(path: String, reason: String)
    /// The stream ended early: inside an entry, or without the end-of-archive marker.
    case truncated(afterBytes: Int64)
    /// The stream is not a readable tar (bad header, bad compression data).
    case corrupt(String)
    /// A file entry's source gave fewer or more bytes than its header declares.
    case sizeMismatch(path: String, expected: Int64, actual: Int64)
    /// The medium is full (ENOSPC, or a tape's end of medium) after `afterBytes` bytes on it.
    case noSpace(path: String, afterBytes: Int64)
    /// A system call on a device or file failed.
    case io(path: String, operation: String, errno: Int32)
    /// libarchive refused an operation while writing.
    case archive(operation: String, message: String)
    /// A caller passed a value the stream cannot honour.
    case invalidArgument(String)
    /// The writer or reader was already finished or aborted.
    case closed
    /// The next volume of a split stream is not there (the path it was looked for at).
    case missingVolume(String)

    public var description: String {
        switch self {
        case .refusedEntry(let path, let reason):
            return "refused tar entry \"\(path)\": \(reason)"
        case .truncated(let afterBytes):
            return "tar stream truncated after \(afterBytes) bytes"
        case .corrupt(let message):
            return "corrupt tar stream: \(message)"
        case .sizeMismatch(let path, let expected, let actual):
            return "\(path): source gave \(actual) bytes but the entry declares \(expected)"
        case .noSpace(let path, let afterBytes):
            return "no space left on \(path) after \(afterBytes) bytes (disk full or end of tape)"
        case .io(let path, let operation, let code):
            return "\(operation) \(path): \(String(cString: strerror(code)))\(Self.hint(errno: code, operation: operation))"
        case .archive(let operation, let message):
            return "libarchive \(operation): \(message)"
        case .invalidArgument(let message):
            return message
        case .closed:
            return "tar stream already finished or aborted"
        case .missingVolume(let path):
            return "the stream goes on in \(path), which does not exist: put the volume there (or read with --wait-for-volumes to be asked for it)"
        }
    }

    /// A tape read with a buffer smaller than the tape's block fails with ENOMEM (as ace-dt documents).
    private static func hint(errno code: Int32, operation: String) -> String {
        code == ENOMEM && operation == "read" ? " (block size smaller than the tape's blocks? set --block-size)" : ""
    }
}
