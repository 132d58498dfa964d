import Foundation
import TarStream

/// How a stream is written: what ace-dt's serialize flags set, plus resuming an interrupted file.
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
    /// `deserialize` receipts of the far side: the blobs they list are left out.
    public var existingReceipts: [String] = []
    /// Where to write a `serialize` receipt once the stream is complete (`-`: stdout).
    public var receipt: String?
    public var compression: StreamCompression = .none
    /// Also write a docker-save style manifest.json at the end.
    public var manifestJSON = false
    /// Cut DEST back to the last checkpointed entry and continue (regular files only).
    public var resume = false
    /// Write DEST.000, DEST.001, … of at most this many bytes each (a multiple of `blockSize`)
    /// instead of DEST; nil writes one file.
    public var split: Int64?
    /// Walk referrers (signatures, SBOMs) of every manifest, as gather brought them.
    public var referrers = true
    /// Written to index.json as `vnd.act3-ace.data.version`.
    public var toolVersion = "ferry"

    public init() {}
}
