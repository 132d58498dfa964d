import ClientTestSupport
import Foundation
import OCI
import Registry
import Store
import Testing
import TestSupport
@testable import Transfer

/// TransferSession's promises, checked between local layouts: each digest moves once however
/// many graphs share it, children land before their parents, and a manifest the target already
/// has costs no blob work.
@Suite struct TransferSessionTests {
    @Test func eachDigestIsCopiedOnce() async throws {
        try await withWorld { world in
            let session = TransferSession(target: world.target, concurrency: 4)
            try await session.copy(world.index, from: world.source, tag: "all", referrers: false)
            try await session.copy(world.images[0].manifest, from: world.source, tag: nil, referrers: false)
            let blobs = await world.target.log.blobs
            #expect(blobs.count == Set(blobs).count)
            #expect(Set(blobs) == world.uniqueBlobs)
            let manifests = await world.target.log.manifests
            #expect(manifests.count == Set(manifests).count)
            #expect(Set(manifests) == Set(world.images.map(\.manifest.digest) + [world.index.digest]))
            let summary = await session.summary
            #expect(summary.blobsUploaded == world.uniqueBlobs.count)
            #expect(summary.manifests == 3)
        }
    }

    @Test func childrenLandBeforeTheirParents() async throws {
        try await withWorld { world in
            let session = TransferSession(target: world.target, concurrency: 4)
            try await session.copy(world.index, from: world.source, tag: "all", referrers: false)
            #expect(await world.target.log.missingChildren.isEmpty)
            let manifests = await world.target.log.manifests
            #expect(manifests.last == world.index.digest)
        }
    }

    @Test func aManifestTheTargetHasCostsNoBlobWork() async throws {
        try await withWorld { world in
            let image = world.images[0].manifest
            try await TransferSession(target: world.target).copy(image, from: world.source, tag: nil, referrers: false)
            let before = await world.target.log.snapshot
            let session = TransferSession(target: world.target)
            try await session.copy(image, from: world.source, tag: nil, referrers: false)
            let after = await world.target.log.snapshot
            #expect(after.blobs == before.blobs)
            #expect(after.manifests == before.manifests)
            #expect(after.blobQuestions == before.blobQuestions)
            let summary = await session.summary
            #expect(summary.manifestsExisting == 1)
            #expect(summary.blobsUploaded + summary.blobsExisting + summary.blobsMounted == 0)
        }
    }
}

/// Two images sharing base layers, and an index over both, in a source layout; an empty target layout.
private struct World {
    let source: LayoutContent
    let target: RecordingTarget
    let images: [TestImage]
    let index: ParsedManifest

    var uniqueBlobs: Set<Digest> { Set(images.flatMap { $0.blobs.map(\.descriptor.digest) }) }
}

private func withWorld(_ body: (World) async throws -> Void) async throws {
    let base = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-session-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: base) }
    let sourceLayout = try OCILayout(root: base.appendingPathComponent("source"))
    let targetLayout = try OCILayout(root: base.appendingPathComponent("target"))
    let shared = [TestBlob(bytes: 3_000, seed: 901), TestBlob(bytes: 2_000, seed: 902)]
    let images = try [
        TestImage(layerSizes: [1_000], seed: 903, baseLayers: shared),
        TestImage(layerSizes: [1_500], seed: 904, baseLayers: shared),
    ]
    let index = try makeIndex([(images[0], Platform(os: "linux", architecture: "amd64")),
                               (images[1], Platform(os: "linux", architecture: "arm64"))])
    for image in images {
        for blob in image.blobs { try sourceLayout.ingest(blob.descriptor, data: blob.data) }
        try sourceLayout.ingest(image.manifest.descriptor, data: image.manifest.bytes)
    }
    try sourceLayout.ingest(index.descriptor, data: index.bytes)
    try sourceLayout.setTag("all", to: index.descriptor)
    let target = RecordingTarget(LayoutContent(layout: targetLayout, tag: nil))
    try await body(World(source: LayoutContent(layout: sourceLayout, tag: "all"), target: target, images: images, index: index))
}

/// A layout target that notes each write, and any manifest written before one of its children.
private struct RecordingTarget: ContentTarget {
    let base: LayoutContent
    let log = Log()

    init(_ base: LayoutContent) { self.base = base }

    actor Log {
        var blobs: [Digest] = []
        var manifests: [Digest] = []
        var blobQuestions = 0
        var missingChildren: [Digest] = []

        var snapshot: (blobs: [Digest], manifests: [Digest], blobQuestions: Int) { (blobs, manifests, blobQuestions) }
        func blob(_ digest: Digest) { blobs.append(digest) }
        func asked() { blobQuestions += 1 }
        func manifest(_ digest: Digest, missing: [Digest]) {
            manifests.append(digest)
            missingChildren += missing
        }
    }

    var tag: String? { base.tag }
    func hasManifest(_ descriptor: Descriptor) async throws -> Bool { try await base.hasManifest(descriptor) }
    func hasBlob(_ descriptor: Descriptor) async throws -> Bool {
        await log.asked()
        return try await base.hasBlob(descriptor)
    }
    func putBlob(_ descriptor: Descriptor, mountFrom: Repository?, open: @escaping BlobOpener) async throws -> BlobPushOutcome {
        await log.blob(descriptor.digest)
        return try await base.putBlob(descriptor, mountFrom: mountFrom, open: open)
    }
    func putManifest(_ manifest: ParsedManifest, tag: String?) async throws {
        let missing = manifest.children.map(\.digest).filter { !base.layout.hasBlob($0) }
        await log.manifest(manifest.digest, missing: missing)
        try await base.putManifest(manifest, tag: tag)
    }
    func digest(tagged tag: String) async throws -> Digest? { try await base.digest(tagged: tag) }
}
