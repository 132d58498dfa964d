import Foundation

/// How a stream is read back (ace-dt's deserialize flags).
public struct DeserializeOptions: Sendable {
    /// Bytes per read from the source: a tape must be read in reads of at least its block size.
    public var blockSize: Int = 1 << 20
    /// Fail on any entry an OCI layout stream does not have (instead of ignoring it).
    public var strict = false
    /// Read and verify everything, push nothing.
    public var dryRun = false
    /// Where manifests wait until their content is complete (nil: `~/.cache/ferry/manifests`).
    public var manifestCache: URL?
    /// Disk that large blobs may take while they wait for an upload slot, so several upload at
    /// once (at most a quarter of the free space; 0 streams each blob straight from the input).
    /// Not used for a local layout target, which is a disk already.
    public var spoolBytes: Int64 = 1 << 30
    /// Where large blobs are spooled (nil: `~/.cache/ferry/spool`).
    public var spoolDirectory: URL?

    public init() {}
}

/// What a deserialization did.
public struct DeserializeSummary: Sendable, Equatable {
    public var blobsPushed = 0
    public var blobsExisting = 0
    public var bytesPushed: Int64 = 0
    public var manifestsPushed = 0
    public var manifestsExisting = 0
    /// The root (the stream's first index.json entry) and where it went.
    public var root: String?
    public var seconds: Double = 0

    public init() {}
}

/// Progress of a deserialization.
public enum DeserializeEvent: Sendable {
    /// A blob entry was verified and stored (or found present).
    case blob(digest: String, size: Int64, existed: Bool)
    case manifest(digest: String, tag: String?)
    /// Blob bytes read from the stream.
    case bytes(Int64)
}

/// A stream that could not be fully taken in. Manifests whose content is complete were pushed;
/// none whose content is missing or corrupt was.
public enum DeserializeError: Error, Sendable, CustomStringConvertible, Equatable {
    case incomplete(missing: Int, corrupt: Int, manifestsNotPushed: Int, cause: String?)
    case noIndex(String)
    case unexpectedEntry(String)
    case badEntry(String, reason: String)
    /// The stream was complete, but the target refused some manifests (everything else is in).
    case refused(count: Int, first: String)

    public var description: String {
        switch self {
        case .incomplete(let missing, let corrupt, let held, let cause):
            var parts: [String] = []
            if missing > 0 { parts.append("\(missing) blob\(missing == 1 ? "" : "s") missing") }
            if corrupt > 0 { parts.append("\(corrupt) blob\(corrupt == 1 ? "" : "s") corrupt") }
            let reason = cause.map { ": \($0)" } ?? ""
            // A stream cut off after its last blob (or ended by a refused entry) misses nothing.
            let what = parts.isEmpty ? "stream not read to its end" : "stream incomplete (\(parts.joined(separator: ", ")))"
            let notPushed = held > 0 ? "; \(held) manifest\(held == 1 ? "" : "s") not pushed" : ""
            return what + notPushed + reason
        case .noIndex(let detail): return "no usable index.json in the stream: \(detail)"
        case .unexpectedEntry(let path): return "unexpected entry \"\(path)\" (--strict)"
        case .badEntry(let path, let reason): return "entry \"\(path)\": \(reason)"
        case .refused(let count, let first):
            return "the target refused \(count) manifest\(count == 1 ? "" : "s") (and so what lists \(count == 1 ? "it" : "them")); everything else was pushed. First: \(first)"
        }
    }
}
