import Store
import Transfer

/// The outcome of a scatter or clone run.
public struct ScatterSummary: Sendable {
    /// Destinations written.
    public var placed: Int
    public var images: Int
    public var unmapped: [String]
    public var copy: CopySummary
    public var failures: [ScatterFailure]
    public var seconds: Double
}
