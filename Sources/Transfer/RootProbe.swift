import Foundation
import OCI
import Registry

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
