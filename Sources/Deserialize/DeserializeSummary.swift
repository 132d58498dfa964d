import Foundation

/// What a deserialization did.
public struct DeserializeSummary: Sendable, Equatable {
    public var blobsPushed = 0
    public var blobsExisting = 0
    public var bytesPushed: Int64 = 0
    public var manifestsPushed = 0
    public var manifestsExisting = 0
    /// The root (the stream's first index.json entry) and where it went.
    public var root: String?
    /// A dry run's root manifest as the stream carried it (nothing was stored to read it from),
    /// so what comes next can still be planned; nil otherwise.
    public var rootManifest: Data?
    public var seconds: Double = 0

    public init() {}
}
