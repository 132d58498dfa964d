import ClientTestSupport
import Foundation
import OCI
@testable import Serialize
import Store
import Testing
import TestSupport

/// A platform picked out of a signed index (`gather -p`): the index is not in the set, its
/// signature is, and the walk carries the signature after the platform's manifest without trying
/// to walk the absent index.
@Suite struct SourceIndexReferrerTests {
    /// The gather result, the picked platform, the index's signature, and the index (not stored).
    typealias PickedSet = (source: LayoutContent, root: ParsedManifest, picked: TestImage, signature: TestImage, index: ParsedManifest)

    static func make() throws -> PickedSet {
        let directory = try TestTools.makeTempDirectory("serialize-picked")
        let layout = try OCILayout(root: directory)
        let amd = try TestImage(layerSizes: [900], seed: 301)
        let arm = try TestImage(layerSizes: [900], seed: 302)
        let index = try makeIndex([(amd, Platform(os: "linux", architecture: "amd64")), (arm, Platform(os: "linux", architecture: "arm64"))])
        let signature = try TestImage(layerSizes: [150], seed: 303, subject: index.descriptor,
                                      artifactType: CosignPayload.referrerArtifactType)
        var entry = arm.manifest.descriptor
        entry.platform = Platform(os: "linux", architecture: "arm64")
        entry.annotations = [AnnotationKey.manifestSource: "example.com/app:1",
                             AnnotationKey.sourceIndex: String(decoding: index.bytes, as: UTF8.self)]
        let gather = ImageIndex(artifactType: MediaType.gatherArtifactType, manifests: [entry], annotations: [:])
        let root = try ParsedManifest(bytes: gather.goJSON(), contentType: MediaType.ociIndex)
        // As gather leaves it: the picked platform and the index's signature, not the index.
        for image in [arm, signature] { try ImageSet.store(image, in: layout) }
        try layout.ingest(root.descriptor, data: root.bytes)
        try layout.setTag(nil, to: signature.manifest.descriptor)
        try layout.setTag("set", to: root.descriptor)
        return (LayoutContent(layout: layout, tag: "set"), root, arm, signature, index)
    }

    @Test func theSourceIndexSignatureFollowsThePickedManifest() async throws {
        let set = try Self.make()
        let plan = try await StreamPlanner.plan(source: set.source, root: set.root.descriptor, skip: [], referrers: true)
        let expected = [set.root.digest] + StreamPlanTests.walk(set.picked) + StreamPlanTests.walk(set.signature)
        #expect(plan.entries.map(\.descriptor.digest) == expected)
        #expect(plan.manifests.map(\.digest) == [set.root.digest, set.picked.manifest.digest, set.signature.manifest.digest])
        #expect(!plan.entries.contains { $0.descriptor.digest == set.index.digest })
    }

    @Test func withoutReferrersTheSignatureStaysBehind() async throws {
        let set = try Self.make()
        let plan = try await StreamPlanner.plan(source: set.source, root: set.root.descriptor, skip: [], referrers: false)
        #expect(plan.entries.map(\.descriptor.digest) == [set.root.digest] + StreamPlanTests.walk(set.picked))
    }
}
