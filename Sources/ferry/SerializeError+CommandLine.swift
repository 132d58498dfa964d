import Deserialize
import Mapping
import Serialize

extension SerializeError {
    /// The message as ferry's command line words it: the stage speaks of a checkpoint, resuming or
    /// a block size; the user set them with flags, so the flags are named.
    var commandLineMessage: String {
        switch self {
        case .resumeMismatch(let detail):
            return "cannot resume: the checkpoint does not match this stream (\(detail)); serialize again without --resume"
        case .checkpointIsExisting(let path):
            return "--checkpoint \(path) is also an --existing-from-checkpoint file; write the new checkpoint elsewhere"
        case .resumeWithoutCheckpoint: return "--resume needs --checkpoint FILE (the checkpoint of the interrupted run)"
        case .resumeToStandardOutput: return "--resume needs a regular file as DEST, not stdout"
        case .badBlockSize(let size): return "--block-size \(size): must be a positive multiple of 512 (the tar record size)"
        case .badHighWaterMark(let percent): return "--hwm \(percent): must be a percentage from 1 to 100"
        case .badSplitSize(let size, let blockSize): return "--split \(size): must be a multiple of the block size (\(blockSize), -b) and at least one block"
        case .splitNeedsFiles(let destination):
            return "--split writes regular files DEST.000, DEST.001, …, not to \(destination) (stdout, a device or a directory): give a file name as DEST"
        case .checkpointBusy(let path):
            return "--checkpoint \(path) is being written by another process (a serialize still running?); it was left as it is"
        case .receiptOnStandardOutput:
            return StreamOptions.receiptOnStandardOutput
        case .receiptWhenResuming:
            return StreamOptions.receiptWhenResuming
        case .badCheckpoint, .unreadable, .cannotResume, .receiptIncomplete:
            return description
        }
    }
}

/// An error's one-line message as ferry prints it.
enum CommandLineMessage {
    static func text(_ error: any Error) -> String {
        switch error {
        case let error as SerializeError: return error.commandLineMessage
        // The stages name what they refused; the command line adds the flag that asked for it.
        case DeserializeError.unexpectedEntry(let path): return "unexpected entry \"\(path)\" (--strict)"
        case DeserializeError.outOfOrder(let path, let rule):
            return "entry \"\(path)\" is out of order (--strict): \(rule), as ferry and ace-dt serialize write a stream; without --strict any order is read"
        case MappingError.unmapped(let sources):
            return "\(sources.count) source(s) have no destination (--strict):\n" + sources.map { "  \($0)" }.joined(separator: "\n")
        default: return "\(error)"
        }
    }
}
