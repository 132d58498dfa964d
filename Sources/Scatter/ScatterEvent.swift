import OCI
import Store
import Transfer

/// What a scatter or clone reports as it goes.
public enum ScatterEvent: Sendable {
    case copy(CopyEvent)
    /// One destination fully written (tagged, or pushed by digest).
    case placed(source: String, destination: String, digest: Digest)
    case failure(ScatterFailure)
}

/// The outcome of a scatter or clone run.
public struct ScatterResult: Sendable {
    /// Destinations written.
    public var placed: Int
    public var images: Int
    public var unmapped: [String]
    public var copy: CopySummary
    public var failures: [ScatterFailure]
    public var seconds: Double
}

/// `--check`: how one destination compares with what would be placed there.
public struct PlacementCheck: Sendable {
    public enum State: Sendable, Equatable {
        case upToDate
        case missing
        /// The tag points at another manifest.
        case differs(current: Digest)
    }
    public var source: String
    public var destination: Reference
    public var expected: Digest
    public var state: State
}

extension CopySummary {
    /// Two runs' counts added up (each destination has its own transfer session).
    mutating func add(_ other: CopySummary) {
        manifests += other.manifests
        manifestsExisting += other.manifestsExisting
        blobsUploaded += other.blobsUploaded
        blobsMounted += other.blobsMounted
        blobsExisting += other.blobsExisting
        bytesUploaded = bytesUploaded.addingSaturated(other.bytesUploaded)
        bytesSkipped = bytesSkipped.addingSaturated(other.bytesSkipped)
    }
}
