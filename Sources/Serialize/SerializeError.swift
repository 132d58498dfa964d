import Foundation

/// Why a serialization could not start or finish; each message names the file or value at fault,
/// in the stage's own terms (the CLI words them with its flags).
public enum SerializeError: Error, Sendable, CustomStringConvertible, Equatable {
    case badCheckpoint(String, reason: String)
    case unreadable(String)
    case resumeMismatch(String)
    case cannotResume(String)
    /// The new checkpoint (this path) is also one of `existingCheckpoints`.
    case checkpointIsExisting(String)
    case resumeWithoutCheckpoint
    case resumeToStandardOutput
    case badBlockSize(Int)
    case badHighWaterMark(Int)
    /// A split size that is not a whole number of blocks (size, block size).
    case badSplitSize(Int64, blockSize: Int)
    /// Splitting needs regular files: this destination is stdout, a device or a directory.
    case splitNeedsFiles(String)
    /// Another process holds the lock on this checkpoint file.
    case checkpointBusy(String)
    /// The receipt would be mixed into the stream on standard output.
    case receiptOnStandardOutput
    /// A resumed run never reads the blobs of the kept part, so it cannot hash the whole stream.
    case receiptWhenResuming
    /// A far-side receipt that names no target or root cannot say what the far side holds.
    case receiptIncomplete(String, reason: String)

    public var description: String {
        switch self {
        case .badCheckpoint(let location, let reason): return "checkpoint \(location): \(reason)"
        case .unreadable(let path): return "cannot read \(path)"
        case .resumeMismatch(let detail): return "cannot resume: the checkpoint does not match this stream (\(detail)); serialize again without resuming"
        case .cannotResume(let reason): return "cannot resume: \(reason)"
        case .checkpointIsExisting(let path):
            return "checkpoint \(path) is also the checkpoint of an earlier stream; write the new checkpoint elsewhere"
        case .resumeWithoutCheckpoint: return "resuming needs the checkpoint of the interrupted run"
        case .resumeToStandardOutput: return "resuming needs a regular file as destination, not standard output"
        case .badBlockSize(let size): return "block size \(size): must be a positive multiple of 512 (the tar record size)"
        case .badHighWaterMark(let percent): return "high-water mark \(percent): must be a percentage from 1 to 100"
        case .badSplitSize(let size, let blockSize):
            return "split size \(size): must be a multiple of the block size (\(blockSize) bytes), at least one block"
        case .splitNeedsFiles(let destination):
            return "cannot split \(destination) into volumes: splitting writes regular files DEST.000, DEST.001, …"
        case .checkpointBusy(let path):
            return "checkpoint \(path) is being written by another process (a serialize still running?); it was left as it is"
        case .receiptOnStandardOutput:
            return "the receipt cannot go to standard output while the stream does; write it to a file"
        case .receiptWhenResuming:
            return "a resumed run does not read the part of the file it keeps, so it cannot write a receipt of the whole stream"
        case .receiptIncomplete(let path, let reason):
            return "receipt \(path): \(reason); use the receipt deserialize wrote on the far side"
        }
    }
}
