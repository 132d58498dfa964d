import ClientTestSupport
import Foundation
import OCI
@testable import Inspect
import Testing

@Suite struct StreamScannerTests {
    @Test func scansASoundStreamInOnePass() throws {
        let set = try StreamFixture.SampleSet()
        let path = try set.fixture().write()
        let scan = try StreamScanner.scan(path)
        #expect(scan.problems.isEmpty, "\(scan.problems)")
        #expect(scan.root == set.root.descriptor)
        #expect(scan.indexes.count == 2)
        #expect(Set(scan.manifests.keys) == Set(set.manifests.map(\.digest)))
        #expect(scan.configPlatforms[set.image.config.descriptor.digest] == Platform(os: "linux", architecture: "amd64"))
        #expect(scan.blobs[set.image.layers[0].descriptor.digest] == 3000)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(scan.streamDigest == Digest.sha256(of: bytes) && scan.streamSize == Int64(bytes.count))
        // End offsets are those of the tar: each entry's header, data and padding.
        #expect(scan.entries.first?.end == 1024 && scan.entries.map(\.end) == scan.entries.map(\.end).sorted())
        #expect(StreamCheck.problems(of: scan).isEmpty)
    }

    @Test func damagedBlobIsNamedWithExpectedAndActualDigest() throws {
        let set = try StreamFixture.SampleSet()
        var fixture = try set.fixture()
        let layer = set.image.layers[0].descriptor
        let position = try #require(fixture.entries.firstIndex { $0.path == "blobs/sha256/\(layer.digest.encoded)" })
        fixture.entries[position].data[10] ^= 0xff
        let problems = StreamCheck.problems(of: try StreamScanner.scan(fixture.write()))
        // Named once, as damaged (not again as missing for the manifest that names it).
        #expect(problems.count == 1 && problems.first?.object == "blobs/sha256/\(layer.digest.encoded)", "\(problems)")
        #expect(problems.first?.reason.hasPrefix("content does not match its name: expected \(layer.digest), got sha256:") == true, "\(problems)")
    }

    @Test func missingBlobIsAcceptedOnlyWhenTheFarSideHasIt() throws {
        let set = try StreamFixture.SampleSet()
        let layer = set.image.layers[1].descriptor
        let scan = try StreamScanner.scan(try set.fixture(leaving: [layer.digest]).write())
        #expect(StreamCheck.problems(of: scan) == [StreamProblem("blobs/sha256/\(layer.digest.encoded)",
                                                                  "missing: 700 bytes named by manifest \(set.image.manifest.digest)")])
        #expect(StreamCheck.problems(of: scan, farSide: [layer.digest: 700]).isEmpty)
        let wrongSize = StreamCheck.problems(of: scan, farSide: [layer.digest: 701])
        #expect(wrongSize.map(\.reason) == ["size: expected 700 bytes, the far side has 701"])
    }

    @Test func missingRootAndLayoutAreNamed() throws {
        let set = try StreamFixture.SampleSet()
        var fixture = try set.fixture(leaving: [set.root.digest])
        fixture.entries.removeFirst()
        let problems = StreamCheck.problems(of: try StreamScanner.scan(fixture.write()))
        #expect(problems.contains(StreamProblem("oci-layout", "missing")))
        #expect(problems.contains { $0.object == "blobs/sha256/\(set.root.digest.encoded)" && $0.reason.hasPrefix("missing: manifest") }, "\(problems)")
    }

    @Test func indexesThatDisagreeAreNamed() throws {
        let set = try StreamFixture.SampleSet()
        var fixture = try set.fixture()
        var changed = set.root.descriptor
        changed.annotations = ["org.opencontainers.image.ref.name": "other"]
        fixture.entries[fixture.entries.count - 1].data = try StreamFixture.index([changed] + set.manifests.dropFirst())
        let problems = StreamCheck.problems(of: try StreamScanner.scan(fixture.write()))
        #expect(problems == [StreamProblem("index.json", "the final one does not list \(set.root.digest) as an earlier one does")])
    }

    @Test func oversizedManifestIsRefusedNotKept() throws {
        let set = try StreamFixture.SampleSet()
        let huge = Data("{".utf8) + Data(repeating: UInt8(ascii: " "), count: Int(StreamScanner.documentLimit)) + Data("}".utf8)
        let digest = Digest.sha256(of: huge)
        let descriptor = Descriptor(mediaType: MediaType.ociManifest, digest: digest, size: Int64(huge.count))
        var fixture = try set.fixture()
        fixture.entries.insert(("blobs/sha256/\(digest.encoded)", huge), at: 3)
        fixture.entries[fixture.entries.count - 1].data = try StreamFixture.index(set.manifests + [descriptor])
        let scan = try StreamScanner.scan(fixture.write())
        #expect(scan.manifests[digest] == nil && scan.blobs[digest] == Int64(huge.count))
        #expect(StreamCheck.problems(of: scan).map(\.reason) == ["\(huge.count) bytes, more than the 4 MiB a manifest may have"])
    }

    @Test func truncatedStreamIsNamed() throws {
        let set = try StreamFixture.SampleSet()
        let scan = try StreamScanner.scan(try set.fixture().write(cut: 5000))
        #expect(scan.problems.contains { $0.object == "stream" && $0.reason.contains("truncated") }, "\(scan.problems)")
        #expect(!StreamCheck.problems(of: scan).isEmpty)
    }

    @Test func listsImagesFromTheStreamAlone() async throws {
        let set = try StreamFixture.SampleSet()
        let contents = StreamContents(try StreamScanner.scan(try set.fixture().write()))
        let index = try await ImageDetails.read(reference: "example.com/app:1", descriptor: set.platformIndex.descriptor, in: contents)
        #expect(index.platforms == ["linux/amd64", "linux/arm64/v8"])
        #expect(index.referrers == 0)
        let image = try await ImageDetails.read(reference: "app", descriptor: set.image.manifest.descriptor, in: contents)
        #expect(image.platforms == ["linux/amd64"] && image.referrers == 1)
        let blobs = [set.image.manifest.descriptor] + set.image.blobs.map(\.descriptor)
        #expect(image.size == blobs.totalSize)
        await #expect(throws: InspectError.self) { _ = try await contents.manifest(Descriptor(mediaType: MediaType.ociManifest, digest: Digest.sha256(of: Data()), size: 0)) }
    }
}
