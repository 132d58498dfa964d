import Foundation

/// How a stream is read back (ace-dt's deserialize flags).
public struct DeserializeOptions: Sendable {
    /// Bytes per read from the source: a tape must be read in reads of at least its block size.
    public var blockSize: Int = 1 << 20
    /// Fail on any entry an OCI layout stream does not have (instead of ignoring it).
    public var strict = false
    /// Read and verify everything, write nothing: no push, no spool, nothing in the cache.
    public var dryRun = false
    /// Where manifests wait until their content is complete (nil: `~/.cache/ferry/manifests`).
    public var manifestCache: URL?
    /// Disk that large blobs may take while they wait for an upload slot, so several upload at
    /// once (at most a quarter of the free space; 0 streams each blob straight from the input).
    /// Not used for a local layout target, which is a disk already.
    public var spoolBytes: Int64 = 1 << 30
    /// Where large blobs are spooled (nil: `~/.cache/ferry/spool`).
    public var spoolDirectory: URL?
    /// Where to write a `deserialize` receipt once the set is complete in the target (`-`: stdout).
    public var receipt: String?
    /// `deserialize` receipts of earlier sets: blobs the stream leaves out are mounted from the
    /// repositories they name (same registry) when the target lacks them.
    public var existingReceipts: [String] = []
    /// The target as the user named it, for the receipt.
    public var targetName = ""
    /// For a split stream (`DEST.000`): called with the name of a volume that is not there, returns
    /// once it is (a prompt to change the medium); nil makes a missing volume an error.
    public var waitForVolume: (@Sendable (String) throws -> Void)?

    public init() {}
}
