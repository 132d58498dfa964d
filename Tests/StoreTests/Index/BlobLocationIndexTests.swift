import Foundation
import OCI
import Testing
@testable import Store

@Suite struct BlobLocationIndexTests {
    private func makeIndex() -> BlobLocationIndex {
        BlobLocationIndex(directory: FileManager.default.temporaryDirectory.appendingPathComponent("ferry-index-\(UUID().uuidString)"))
    }

    @Test func recordsPerRegistryMostRecentFirst() {
        let index = makeIndex()
        defer { try? FileManager.default.removeItem(at: index.directory) }
        let digest = Digest.sha256(of: Data("layer".utf8))
        #expect(index.repositories(holding: digest, registry: "reg:5000").isEmpty)
        index.record(digest, registry: "reg:5000", repository: "a/one")
        index.record(digest, registry: "other:5000", repository: "x")
        index.record(digest, registry: "reg:5000", repository: "b/two")
        index.record(digest, registry: "reg:5000", repository: "a/one")
        #expect(index.repositories(holding: digest, registry: "reg:5000") == ["a/one", "b/two"])
        #expect(index.repositories(holding: digest, registry: "other:5000") == ["x"])
        // A registry whose name is a prefix of another's is not confused with it.
        #expect(index.repositories(holding: digest, registry: "reg:500").isEmpty)
    }

    @Test func offersAtMostThreeAndForgets() {
        let index = makeIndex()
        defer { try? FileManager.default.removeItem(at: index.directory) }
        let digest = Digest.sha256(of: Data("shared".utf8))
        for i in 0..<100 { index.record(digest, registry: "r", repository: "repo\(i)") }
        #expect(index.repositories(holding: digest, registry: "r") == ["repo99", "repo98", "repo97"])
        index.forget(digest, registry: "r", repository: "repo99")
        #expect(index.repositories(holding: digest, registry: "r").first == "repo98")
    }

    @Test func standardLocationFollowsXDG() {
        #expect(BlobLocationIndex.standard(environment: ["XDG_CACHE_HOME": "/c"])?.directory.path == "/c/ferry/blob-locations")
        #expect(BlobLocationIndex.standard(environment: ["HOME": "/h"])?.directory.path == "/h/.cache/ferry/blob-locations")
        #expect(BlobLocationIndex.standard(environment: [:]) == nil)
    }
}
