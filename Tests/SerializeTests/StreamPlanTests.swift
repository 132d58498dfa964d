import ClientTestSupport
import Foundation
import OCI
@testable import Serialize
import Store
import Testing

@Suite struct StreamPlanTests {
    static func plan(_ set: ImageSet, skip: Set<Digest> = [], referrers: Bool = true) async throws -> StreamPlan {
        try await StreamPlanner.plan(source: set.source, root: set.root.descriptor, skip: skip, referrers: referrers)
    }

    static func walk(_ image: TestImage) -> [Digest] {
        [image.manifest.digest] + image.blobs.map(\.descriptor.digest)
    }

    /// The whole entry order a plan must have: `walks` one after the other, each digest at its
    /// first place only, without `skip`.
    static func order(_ walks: [[Digest]], skip: Set<Digest> = []) -> [Digest] {
        var seen = skip
        return walks.joined().filter { seen.insert($0).inserted }
    }

    /// The set's walks in stream order: root, amd64, its referrer, arm64.
    static func walks(_ set: ImageSet, referrers: Bool = true) -> [[Digest]] {
        [[set.root.digest], walk(set.images[0])] + (referrers ? [walk(set.referrer)] : []) + [walk(set.images[1])]
    }

    @Test func indexPreOrderWithReferrerAfterItsSubject() async throws {
        let set = try ImageSet.make()
        let plan = try await Self.plan(set)
        let expected = [set.root.digest] + Self.walk(set.images[0]) + Self.walk(set.referrer) + Self.walk(set.images[1])
        #expect(plan.entries.map(\.descriptor.digest) == expected)
        #expect(plan.entries.map(\.isManifest) == expected.map { [set.root.digest, set.images[0].manifest.digest, set.referrer.manifest.digest, set.images[1].manifest.digest].contains($0) })
        #expect(plan.manifests.map(\.digest) == [set.root.digest, set.images[0].manifest.digest, set.referrer.manifest.digest, set.images[1].manifest.digest])
    }

    @Test func referrerManifestListsItsSubjectFirstButOnlyOnce() async throws {
        // The referrer's subject is visited first by the referrer's walk, but it is already written.
        let set = try ImageSet.make()
        let plan = try await Self.plan(set)
        #expect(plan.entries.map(\.descriptor.digest) == Self.order(Self.walks(set)))
        #expect(Set(plan.entries.map(\.descriptor.digest)) == set.allDigests)
    }

    @Test func sharedLayerWrittenOnce() async throws {
        let set = try ImageSet.make(shared: 1000)
        let plan = try await Self.plan(set)
        let digests = plan.entries.map(\.descriptor.digest)
        // arm64's copy of the shared layer is left out: amd64 already wrote it.
        #expect(digests == Self.order(Self.walks(set)))
        #expect(digests.count == set.allDigests.count)
    }

    @Test func walkedDescriptorsKeepParentAnnotations() async throws {
        let set = try ImageSet.make()
        let plan = try await Self.plan(set)
        let amd64 = try #require(plan.manifests.first { $0.digest == set.images[0].manifest.digest })
        #expect(amd64.annotations?[AnnotationKey.manifestSource] == "example.com/app:amd64")
        #expect(amd64.platform?.architecture == "amd64")
    }

    @Test func existingDigestsSkippedAndCounted() async throws {
        let set = try ImageSet.make()
        let layers = set.images[1].blobs.map(\.descriptor)
        let plan = try await Self.plan(set, skip: Set(layers.map(\.digest)))
        #expect(plan.skippedBlobs == layers.count)
        #expect(plan.skippedBytes == layers.reduce(0) { $0 + $1.size })
        #expect(plan.entries.map(\.descriptor.digest) == Self.order(Self.walks(set), skip: Set(layers.map(\.digest))))
        #expect(plan.manifests.count == 4)  // manifests are still listed in the closing index.json
    }

    @Test func withoutReferrers() async throws {
        let set = try ImageSet.make()
        let plan = try await Self.plan(set, referrers: false)
        #expect(plan.entries.map(\.descriptor.digest) == Self.order(Self.walks(set, referrers: false)))
    }

    @Test func extraManifestsFollowTheIndexManifests() async throws {
        let extraImage = try TestImage(layerSizes: [400], seed: 4242)
        let set = try ImageSet.make(extra: [extraImage.manifest.descriptor])
        try ImageSet.store(extraImage, in: set.layout)
        let plan = try await Self.plan(set)
        let digests = plan.entries.map(\.descriptor.digest)
        #expect(digests == Self.order(Self.walks(set) + [Self.walk(extraImage)]))
        #expect(plan.manifests.last?.digest == extraImage.manifest.digest)
    }

    @Test func imageManifestOrderSubjectConfigLayers() async throws {
        let set = try ImageSet.make()
        let referrerSource = LayoutContent(layout: set.layout, tag: nil)
        let plan = try await StreamPlanner.plan(source: referrerSource, root: set.referrer.manifest.descriptor, skip: [], referrers: false)
        #expect(plan.entries.map(\.descriptor.digest) == [set.referrer.manifest.digest] + Self.walk(set.images[0]) + set.referrer.blobs.map(\.descriptor.digest))
    }
}
