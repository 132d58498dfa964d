import ClientTestSupport
import Foundation
import OCI
import Store
import Testing
import TestSupport

/// `CachePruner` on a real cache directory: garbage and hints go first, then whole images oldest
/// first, and the store never lists a manifest whose blobs are gone.
@Suite struct CachePrunerTests {
    /// A cache with a store holding `images` tagged t0, t1, … (oldest first, sharing no blob),
    /// some blob-location hints, a waiting manifest, and files dated an hour and a half ago.
    struct Fixture {
        let cache: URL
        let layout: OCILayout
        let images: [TestImage]

        init(images count: Int, layerSize: Int) throws {
            cache = try TestTools.makeTempDirectory("ferry-prune")
            layout = try OCILayout(root: cache.appendingPathComponent("store"))
            var images: [TestImage] = []
            for n in 0..<count {
                let image = try TestImage(layerSizes: [layerSize], seed: 500 + UInt64(n))
                for blob in image.blobs { try layout.ingest(blob.descriptor, data: blob.data) }
                try layout.ingest(image.manifest.descriptor, data: image.manifest.bytes)
                try layout.setTag("t\(n)", to: image.manifest.descriptor)
                images.append(image)
            }
            self.images = images
            let hints = cache.appendingPathComponent("blob-locations")
            try FileManager.default.createDirectory(at: hints, withIntermediateDirectories: true)
            try Data(repeating: 1, count: 100).write(to: hints.appendingPathComponent("sha256-aa"))
            let waiting = cache.appendingPathComponent("manifests")
            try FileManager.default.createDirectory(at: waiting, withIntermediateDirectories: true)
            try Data(repeating: 2, count: 300).write(to: waiting.appendingPathComponent("m"))
            Self.age(cache)
        }

        /// Dates every file under `directory` 90 minutes back (older than the settle time).
        static func age(_ directory: URL) {
            let past = Date().addingTimeInterval(-5400)
            let walker = FileManager.default.enumerator(atPath: directory.path)
            while let name = walker?.nextObject() as? String {
                try? FileManager.default.setAttributes([.modificationDate: past], ofItemAtPath: directory.appendingPathComponent(name).path)
            }
        }

        var pruner: CachePruner { CachePruner(cache: cache, store: layout.root) }

        func tags() throws -> [String] { try layout.index().manifests.compactMap { $0.annotations?[AnnotationKey.refName] } }

        func complete(_ image: TestImage) -> Bool {
            ([image.manifest.descriptor] + image.blobs.map(\.descriptor)).allSatisfy { layout.hasBlob($0.digest) }
        }
    }

    @Test func garbageAndHintsGoBeforeAnyImage() throws {
        let fixture = try Fixture(images: 2, layerSize: 10_000)
        let orphan = TestBlob(bytes: 50_000, seed: 520)
        try fixture.layout.ingest(orphan.descriptor, data: orphan.data)
        Fixture.age(fixture.cache)
        let images = fixture.images.flatMap { [$0.manifest.descriptor] + $0.blobs.map(\.descriptor) }.map(\.size).saturatedSum
        let report = try fixture.pruner.prune(to: images)
        #expect(report.removedImages.isEmpty)
        #expect(!fixture.layout.hasBlob(orphan.descriptor.digest))
        #expect(!FileManager.default.fileExists(atPath: fixture.cache.appendingPathComponent("blob-locations/sha256-aa").path))
        #expect(try fixture.tags() == ["t0", "t1"])
        #expect(fixture.images.allSatisfy(fixture.complete))
        #expect(report.sizeAfter == images)
    }

    @Test func imagesGoOldestFirstAndWhole() throws {
        let fixture = try Fixture(images: 3, layerSize: 10_000)
        let dry = try fixture.pruner.prune(to: 15_000, dryRun: true)
        #expect(dry.removedImages == ["t0", "t1"])
        #expect(try fixture.tags() == ["t0", "t1", "t2"], "a dry run changed the store")
        #expect(fixture.images.allSatisfy(fixture.complete))

        let report = try fixture.pruner.prune(to: 15_000)
        #expect(report.removedImages == ["t0", "t1"])
        #expect(try fixture.tags() == ["t2"])
        #expect(!fixture.layout.hasBlob(fixture.images[0].manifest.descriptor.digest))
        #expect(!fixture.layout.hasBlob(fixture.images[1].layers[0].descriptor.digest))
        #expect(fixture.complete(fixture.images[2]))
        #expect(report.sizeAfter <= 15_000)
        #expect(report.waitingManifests == 300)
        #expect(FileManager.default.fileExists(atPath: fixture.cache.appendingPathComponent("manifests/m").path))
    }

    /// A blob two images share stays while one of them does; new untagged files are left alone.
    @Test func sharedBlobsAndNewFilesStay() throws {
        let fixture = try Fixture(images: 1, layerSize: 10_000)
        let shared = fixture.images[0]
        let index = try makeIndex([(shared, Platform(os: "linux", architecture: "amd64"))])
        try fixture.layout.ingest(index.descriptor, data: index.bytes)
        try fixture.layout.setTag("both", to: index.descriptor)
        let fresh = TestBlob(bytes: 5000, seed: 530)
        try fixture.layout.ingest(fresh.descriptor, data: fresh.data)
        let report = try fixture.pruner.prune(to: 0)
        #expect(report.removedImages == ["t0", "both"])
        #expect(fixture.layout.hasBlob(fresh.descriptor.digest), "a file an archive may be writing now was removed")
        #expect(try fixture.tags().isEmpty)

        // t0 and "both" share the image, t1 does not: removing t0 frees nothing, so t1 goes too.
        let second = try Fixture(images: 2, layerSize: 10_000)
        let both = try makeIndex([(second.images[0], Platform(os: "linux", architecture: "amd64"))])
        try second.layout.ingest(both.descriptor, data: both.bytes)
        try second.layout.setTag("both", to: both.descriptor)
        Fixture.age(second.cache)
        let pruned = try second.pruner.prune(to: 11_000)
        #expect(pruned.removedImages == ["t0", "t1"])
        #expect(try second.tags() == ["both"])
        #expect(second.complete(second.images[0]), "a blob the kept index still uses was removed")
    }
}
