import OCI

/// A single-platform image whose config names none of the platforms asked for. ace-dt leaves
/// such an image out of a gather with a warning rather than failing the run; so does ferry.
public struct PlatformMismatch: Error, Sendable, CustomStringConvertible {
    public var reference: String
    public var wanted: [Platform]
    public var actual: Platform

    public var description: String {
        "platform \(wanted.map(\.description).joined(separator: ", ")) in image \(reference) (it is \(actual))"
    }

    /// Said when the image is left out.
    public var skipped: String {
        "\(reference) left out: it is \(actual), not \(wanted.map(\.description).joined(separator: " or "))"
    }
}
