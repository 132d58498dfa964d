import Foundation
import OCI
import Registry
import Testing
@testable import Store

@Suite struct OCILayoutTests {
    private func tempDir() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-layout-\(UUID().uuidString)")
        return url
    }

    @Test func createsAValidEmptyLayout() throws {
        let root = try tempDir()
        defer { try? FileManager.default.removeItem(at: root) }
        let layout = try OCILayout(root: root)
        #expect(try layout.index().manifests.isEmpty)
        let marker = try String(contentsOf: root.appendingPathComponent("oci-layout"), encoding: .utf8)
        #expect(marker == #"{"imageLayoutVersion":"1.0.0"}"#)
        // Opening again reads the same layout.
        _ = try OCILayout(root: root, create: false)
    }

    @Test func ingestVerifiesBeforeTheBlobAppears() throws {
        let root = try tempDir()
        defer { try? FileManager.default.removeItem(at: root) }
        let layout = try OCILayout(root: root)
        let data = Data("hello layers".utf8)
        let good = Descriptor(mediaType: MediaType.ociLayer, digest: Digest.sha256(of: data), size: Int64(data.count))
        try layout.ingest(good, data: data)
        #expect(layout.hasBlob(good.digest))
        #expect(try Data(contentsOf: URL(fileURLWithPath: layout.blobPath(good.digest))) == data)

        let other = Data("something else".utf8)
        let lying = Descriptor(mediaType: MediaType.ociLayer, digest: Digest.sha256(of: other), size: Int64(data.count))
        #expect(throws: StoreError.self) { try layout.ingest(lying, data: data) }
        #expect(!layout.hasBlob(lying.digest))
        let short = Descriptor(mediaType: MediaType.ociLayer, digest: Digest.sha256(of: other), size: 3)
        #expect(throws: StoreError.self) { try layout.ingest(short, data: other) }
        // No temporary files are left behind after failures.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("blobs/sha256").path)
        #expect(leftovers == [good.digest.encoded])
    }

    @Test func tagsResolveAndReplace() throws {
        let root = try tempDir()
        defer { try? FileManager.default.removeItem(at: root) }
        let layout = try OCILayout(root: root)
        let a = Descriptor(mediaType: MediaType.ociManifest, digest: Digest.sha256(of: Data("a".utf8)), size: 1)
        let b = Descriptor(mediaType: MediaType.ociManifest, digest: Digest.sha256(of: Data("b".utf8)), size: 1)
        try layout.setTag("v1", to: a)
        try layout.setTag("v2", to: b)
        try layout.setTag("v1", to: b)
        #expect(try layout.resolve(tag: "v1").digest == b.digest)
        #expect(try layout.index().manifests.count == 2)
        #expect(throws: StoreError.self) { try layout.resolve(tag: "nope") }
        #expect(throws: StoreError.self) { try layout.resolve(tag: nil) }
    }

    @Test func refusesANonEmptyDirectoryThatIsNotALayout() throws {
        let root = try tempDir()
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: root.appendingPathComponent("unrelated.txt"))
        #expect(throws: StoreError.self) { try OCILayout(root: root) }
        #expect(throws: StoreError.self) { try OCILayout(root: root.appendingPathComponent("missing"), create: false) }
    }

    @Test func sha512BlobsAreVerifiedToo() throws {
        let root = try tempDir()
        defer { try? FileManager.default.removeItem(at: root) }
        let layout = try OCILayout(root: root)
        let data = Data("abc".utf8)
        let digest = try Digest("sha512:ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f")
        try layout.ingest(Descriptor(mediaType: MediaType.ociLayer, digest: digest, size: 3), data: data)
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("blobs/sha512/\(digest.encoded)").path))
        let wrong = try Digest("sha512:" + String(repeating: "0", count: 128))
        #expect(throws: StoreError.self) { try layout.ingest(Descriptor(mediaType: MediaType.ociLayer, digest: wrong, size: 3), data: data) }
    }
}
