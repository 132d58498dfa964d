import Foundation
import OCI
import Store
import Testing
@testable import Gather
import Transfer

/// Sizes come from manifests anyone can write: a descriptor may claim `Int64.max` bytes. Totals
/// saturate instead of trapping (a trap would end the run without a word).
@Suite struct SizeArithmeticTests {
    static func blob(_ name: String, size: Int64) -> Descriptor {
        Descriptor(mediaType: MediaType.ociLayer, digest: Digest.sha256(of: Data(name.utf8)), size: size)
    }

    @Test func gatherTotalsSaturate() {
        let huge = Self.blob("huge", size: .max)
        let other = Self.blob("other", size: 10)
        let graphs = [GraphBlobs(descriptors: [huge, other]), GraphBlobs(descriptors: [huge])]
        let sizes = Gatherer.sizes(graphs)
        #expect(sizes.total == .max)
        #expect(sizes.deduplicated == .max)
        #expect(graphs[0].totalSize == .max)
        #expect(Gatherer.sizes([GraphBlobs(descriptors: [other, other])]) == (total: 20, deduplicated: 10))
    }
}
