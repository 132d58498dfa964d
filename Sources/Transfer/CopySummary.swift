import Foundation
import OCI
import Registry

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
