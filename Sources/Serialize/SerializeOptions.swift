import Foundation
import TarStream

/// How a stream is written (ace-dt's serialize flags plus ferry's `--resume`).
public struct SerializeOptions: Sendable {
    /// Bytes per write to the destination: a tape drive accepts only its block size.
    public var blockSize: Int = BlockWriter.defaultBlockSize
    /// Memory between the reader and the writer thread, so a tape streams without stopping.
    public var bufferSize: Int = BlockWriter.defaultBufferSize
    /// Percent of the buffer to fill before the writer starts draining it.
    public var highWaterMark: Int = BlockWriter.defaultHighWaterMark
    /// Where to append one JSON line per durably written blob entry.
    public var checkpoint: String?
    /// Blobs below these offsets of earlier streams are on the far side already.
    public var existingCheckpoints: [ExistingCheckpoint] = []
    public var compression: StreamCompression = .none
    /// Also write a docker-save style manifest.json at the end.
    public var manifestJSON = false
    /// Cut DEST back to the last checkpointed entry and continue (regular files only).
    public var resume = false
    /// Walk referrers (signatures, SBOMs) of every manifest, as gather brought them.
    public var referrers = true
    /// Written to index.json as `vnd.act3-ace.data.version`.
    public var toolVersion = "ferry"

    public init() {}
}

/// `--existing-from-checkpoint FILE:OFFSET`: a checkpoint of an earlier stream and how many of its
/// bytes are known good on the medium that holds it.
public struct ExistingCheckpoint: Sendable, Equatable {
    public var path: String
    public var offset: Int64

    public init(path: String, offset: Int64) {
        self.path = path
        self.offset = offset
    }

    /// Parses `FILE:OFFSET` (the last colon separates, so paths may contain colons).
    public init(parsing text: String) throws {
        guard let colon = text.lastIndex(of: ":"), colon != text.startIndex,
              let offset = Int64(text[text.index(after: colon)...]), offset >= 0 else {
            throw SerializeError.badArgument("--existing-from-checkpoint \"\(text)\": expected FILE:OFFSET with OFFSET a byte count")
        }
        self.init(path: String(text[..<colon]), offset: offset)
    }
}
