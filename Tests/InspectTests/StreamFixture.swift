import ClientTestSupport
import Foundation
import OCI
import Streams
import TarStream
import TestSupport

/// A stream written entry by entry with the tar writer alone (no serializer), so a test can
/// leave out, damage or add exactly the entries it wants.
struct StreamFixture {
    var entries: [(path: String, data: Data)] = []

    /// oci-layout, the first index.json naming `root`, then `blobs`, then the closing index.json.
    init(root: Descriptor, blobs: [(Digest, Data)], closing: [Descriptor]) throws {
        entries.append(("oci-layout", Data(#"{"imageLayoutVersion":"1.0.0"}"#.utf8)))
        entries.append(("index.json", try Self.index([root])))
        for (digest, data) in blobs { entries.append(("blobs/sha256/\(digest.encoded)", data)) }
        entries.append(("index.json", try Self.index(closing)))
    }

    static func index(_ manifests: [Descriptor]) throws -> Data {
        try JSONEncoder().encode(ImageIndex(schemaVersion: 2, mediaType: MediaType.ociIndex, artifactType: nil,
                                            manifests: manifests, subject: nil, annotations: nil))
    }

    /// Writes the tar to a new file and returns its path.
    func write(cut: Int = 0) throws -> String {
        let sink = DataSink(limit: 64 << 20)
        let tar = try TarWriter(output: sink)
        for entry in entries { try tar.addFile(entry.path, data: entry.data) }
        try tar.finish()
        let path = try TestTools.makeTempDirectory("ferry-inspect").appendingPathComponent("stream.tar").path
        try sink.data.dropLast(cut).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// A gather-like set: an index of one image (with `layers`) and a signature of it.
    struct SampleSet {
        let image: TestImage
        let signature: TestImage
        let platformIndex: ParsedManifest
        let root: ParsedManifest

        init() throws {
            image = try TestImage(layerSizes: [3000, 700], seed: 41)
            signature = try TestImage(layerSizes: [100], seed: 42, subject: image.manifest.descriptor, artifactType: "application/vnd.example.sig")
            let arm = try TestImage(layerSizes: [500], seed: 43)
            platformIndex = try makeIndex([(image, Platform(os: "linux", architecture: "amd64")),
                                           (arm, Platform(os: "linux", architecture: "arm64", variant: "v8"))])
            var listed = platformIndex.descriptor
            listed.annotations = [AnnotationKey.manifestSource: "example.com/app:1"]
            let body = ImageIndex(schemaVersion: 2, mediaType: MediaType.ociIndex, artifactType: MediaType.gatherArtifactType,
                                  manifests: [listed], subject: nil, annotations: nil)
            root = try ParsedManifest(bytes: body.goJSON())
            arms = arm
        }

        private let arms: TestImage

        /// Every blob in pre-order, as a stream carries them.
        var blobs: [(Digest, Data)] {
            var result: [(Digest, Data)] = [(root.digest, root.bytes), (platformIndex.digest, platformIndex.bytes)]
            for image in [image, arms, signature] {
                result.append((image.manifest.digest, image.manifest.bytes))
                result += image.blobs.map { ($0.descriptor.digest, $0.data) }
            }
            return result
        }

        var manifests: [Descriptor] {
            [root.descriptor, platformIndex.descriptor, image.manifest.descriptor, arms.manifest.descriptor, signature.manifest.descriptor]
        }

        func fixture(leaving out: Set<Digest> = []) throws -> StreamFixture {
            try StreamFixture(root: root.descriptor, blobs: blobs.filter { !out.contains($0.0) }, closing: manifests)
        }
    }
}
