import OCI
import Store
import Transfer

/// The outcome of a gather: the index written, what moved, and what failed (with `--continue`).
public struct GatherSummary: Sendable {
    public var index: ParsedManifest
    public var images: Int
    public var totalSize: Int64
    public var deduplicatedSize: Int64
    public var copy: CopySummary
    public var failures: [GatherFailure]
    public var seconds: Double
}
