import OCI

/// `--compare`: how one destination compares with what would be placed there.
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
