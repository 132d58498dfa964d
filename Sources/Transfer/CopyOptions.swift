import Foundation
import OCI
import Registry
import Store

/// What a copy should include.
public struct CopyOptions: Sendable {
    /// Keep only these platforms of a multi-arch index (empty: all).
    public var platforms: [Platform]
    /// Bring signatures, SBOMs and other manifests whose subject is a copied manifest.
    public var referrers: Bool
    /// Blob transfers at once.
    public var concurrency: Int

    public init(platforms: [Platform] = [], referrers: Bool = false, concurrency: Int = 6) {
        self.platforms = platforms
        self.referrers = referrers
        self.concurrency = concurrency
    }
}
