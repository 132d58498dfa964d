import Foundation
import OCI
import Registry

/// Progress of a copy, for the progress bar and `--json` lines.
public enum CopyEvent: Sendable {
    case blob(Descriptor, BlobPushOutcome)
    case manifest(Descriptor, existed: Bool)
    /// Bytes moved since the previous event of this kind.
    case bytes(Int64)
}

/// What a copy did. Each manifest and blob is counted once per session, however many graphs
/// (or referrer lists) name it.
public struct CopySummary: Sendable, Codable {
    public var root: Descriptor?
    public var manifests = 0
    /// Manifests the target had already (their blobs were not looked at again).
    public var manifestsExisting = 0
    public var blobsUploaded = 0
    public var blobsMounted = 0
    public var blobsExisting = 0
    public var bytesUploaded: Int64 = 0
    public var bytesSkipped: Int64 = 0
    public var seconds: Double = 0

    public init() {}
}

/// What a read-only look ahead learnt about a root before its copy, so the copy need not ask
/// again. A question that failed is left unanswered (nil): the copy asks it itself, and reports.
public struct RootProbe: Sendable {
    /// Whether the target had the manifest.
    public var targetHas: Bool?
    /// The root's referrers in the source (asked only when referrers travel).
    public var referrers: [Descriptor]?

    public init(targetHas: Bool? = nil, referrers: [Descriptor]? = nil) {
        self.targetHas = targetHas
        self.referrers = referrers
    }
}

/// The blobs one image's graph refers to, each time it refers to them (for gather's size totals).
public struct GraphBlobs: Sendable {
    public var descriptors: [Descriptor] = []

    public init(descriptors: [Descriptor] = []) {
        self.descriptors = descriptors
    }

    /// Saturates at `Int64.max`: sizes come from untrusted manifests, and a sum must not trap.
    public var totalSize: Int64 { descriptors.totalSize }
}
