import Foundation
import OCI
import Testing
@testable import Store
@testable import Transfer

/// Size sums saturate at the ends of Int64 instead of trapping.
@Suite struct SaturatingSizeTests {
    @Test func sumsSaturate() {
        #expect(Int64.max.addingSaturated(1) == .max)
        #expect(Int64.max.addingSaturated(.max) == .max)
        #expect(Int64.min.addingSaturated(-1) == .min)
        #expect(Int64(40).addingSaturated(2) == 42)
        #expect([Int64.max, 5, Int64.max].saturatedSum == .max)
        #expect([Int64]().saturatedSum == 0)
    }

    /// A layout whose manifest claims layers of Int64.max bytes plans (walks, totals) without trapping.
    @Test func planningAGraphOfHugeClaimsSaturates() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-huge-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let layout = try OCILayout(root: root)
        let layers = (0..<3).map { Descriptor(mediaType: MediaType.ociLayer, digest: Digest.sha256(of: Data([UInt8($0)])), size: .max) }
        let config = Descriptor(mediaType: MediaType.ociConfig, digest: Digest.sha256(of: Data("{}".utf8)), size: .max)
        let body = ImageManifest(schemaVersion: 2, mediaType: MediaType.ociManifest, artifactType: nil, config: config,
                                 layers: layers, subject: nil, annotations: nil)
        let manifest = try ParsedManifest(bytes: body.goJSON(), contentType: nil)
        try layout.ingest(manifest.descriptor, data: manifest.bytes)
        try layout.setTag("huge", to: manifest.descriptor)
        let source = LayoutContent(layout: layout, tag: "huge")
        let planned = try await GraphPlanner.walk(try await source.root(), from: source, referrers: true)
        #expect(planned.blobs.descriptors.count == 4)
        #expect(planned.blobs.totalSize == .max)
    }
}
