import Store
import Transfer

/// The outcome of a scatter or clone run.
public struct ScatterSummary: Sendable {
    /// Destinations written.
    public var placed: Int
    public var images: Int
    public var unmapped: [String]
    /// clone: sources left out for their platform (see `ScatterPlan.leftOut`).
    public var leftOut: [String]
    public var copy: CopySummary
    public var failures: [ScatterFailure]
    public var seconds: Double
}
