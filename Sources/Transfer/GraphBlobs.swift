import Foundation
import OCI
import Registry

/// The blobs one image's graph refers to, each time it refers to them (for gather's size totals).
public struct GraphBlobs: Sendable {
    public var descriptors: [Descriptor] = []

    public init(descriptors: [Descriptor] = []) {
        self.descriptors = descriptors
    }

    /// Saturates at `Int64.max`: sizes come from untrusted manifests, and a sum must not trap.
    public var totalSize: Int64 { descriptors.totalSize }
}
