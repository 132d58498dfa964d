import ClientTestSupport
import Foundation
import OCI
import Store
import TestSupport

/// A gather-like image set in a local OCI layout, tagged "set": a root index (with the
/// deduplicated-size annotation gather writes) over an amd64 and an arm64 image, plus a signature
/// referrer of the amd64 image listed in index.json, as gather leaves them.
struct ImageSet {
    let directory: URL
    let layout: OCILayout
    let images: [TestImage]
    let referrer: TestImage
    let root: ParsedManifest

    static let tag = "set"
    static let deduplicated = "123456"

    var source: LayoutContent { LayoutContent(layout: layout, tag: Self.tag) }
    var location: String { "oci:\(directory.path):\(Self.tag)" }

    /// `layerSizes` per image (two images); each image shares `shared` as its first layer when given.
    static func make(layerSizes: [[Int]] = [[3000, 700], [5000]], seed: UInt64 = 1, shared: Int? = nil,
                     extra: [Descriptor] = []) throws -> ImageSet {
        let directory = try TestTools.makeTempDirectory("serialize-set")
        let layout = try OCILayout(root: directory)
        let base = shared.map { [TestBlob(bytes: $0, seed: seed &+ 999)] } ?? []
        let images = try layerSizes.enumerated().map { try TestImage(layerSizes: $0.element, seed: seed &* 10 &+ UInt64($0.offset), baseLayers: base) }
        let referrer = try TestImage(layerSizes: [200], seed: seed &+ 77, subject: images[0].manifest.descriptor,
                                     artifactType: "application/vnd.example.signature")
        var annotations = [AnnotationKey.layerSizeDeduplicated: deduplicated]
        if !extra.isEmpty { annotations[AnnotationKey.extraManifests] = String(decoding: GoJSON.encode(extra), as: UTF8.self) }
        let platforms = [Platform(os: "linux", architecture: "amd64"), Platform(os: "linux", architecture: "arm64")]
        let entries = zip(images, platforms).map { image, platform -> Descriptor in
            var descriptor = image.manifest.descriptor
            descriptor.platform = platform
            descriptor.annotations = [AnnotationKey.manifestSource: "example.com/app:\(platform.architecture)"]
            return descriptor
        }
        let index = ImageIndex(artifactType: MediaType.gatherArtifactType, manifests: entries, annotations: annotations)
        let root = try ParsedManifest(bytes: index.goJSON(), contentType: MediaType.ociIndex)
        for image in images + [referrer] { try store(image, in: layout) }
        try layout.ingest(root.descriptor, data: root.bytes)
        try layout.setTag(nil, to: referrer.manifest.descriptor)
        try layout.setTag(tag, to: root.descriptor)
        return ImageSet(directory: directory, layout: layout, images: images, referrer: referrer, root: root)
    }

    static func store(_ image: TestImage, in layout: OCILayout) throws {
        for blob in image.blobs where !layout.hasBlob(blob.descriptor.digest) {
            try layout.ingest(blob.descriptor, data: blob.data)
        }
        try layout.ingest(image.manifest.descriptor, data: image.manifest.bytes)
    }

    /// Every digest the set holds, manifests included.
    var allDigests: Set<Digest> {
        var digests: Set<Digest> = [root.digest, referrer.manifest.digest]
        for image in images + [referrer] {
            digests.insert(image.manifest.digest)
            digests.formUnion(image.blobs.map(\.descriptor.digest))
        }
        return digests
    }
}

/// One tar entry as Python's tarfile reads it: an independent reader of the bytes ferry wrote.
struct ListedEntry: Equatable {
    var name: String
    var mode: Int
    var mtime: Int
    var isDirectory: Bool
    var size: Int64
}

enum TarInspection {
    static let script = """
    import sys, tarfile
    with tarfile.open(sys.argv[1], "r:*") as t:
        for m in t:
            print(m.name, oct(m.mode), m.mtime, "d" if m.isdir() else "f", m.size)
    """

    static func list(_ path: String) throws -> [ListedEntry] {
        let result = try TestTools.run("python3", ["-c", script, path])
        guard result.status == 0 else { throw TestFailure("tarfile could not read \(path): \(result.stderr)") }
        return result.stdout.split(separator: "\n").map { line in
            let f = line.split(separator: " ")
            return ListedEntry(name: String(f[0]), mode: Int(f[1].dropFirst(2), radix: 8) ?? -1, mtime: Int(f[2]) ?? -1,
                               isDirectory: f[3] == "d", size: Int64(f[4]) ?? -1)
        }
    }

    /// The data of the `occurrence`-th entry named `name` (0 = first).
    static func extract(_ path: String, name: String, occurrence: Int = 0) throws -> Data {
        let script = """
        import sys, tarfile
        with tarfile.open(sys.argv[1], "r:*") as t:
            ms = [m for m in t.getmembers() if m.name == sys.argv[2]]
            sys.stdout.buffer.write(t.extractfile(ms[int(sys.argv[3])]).read())
        """
        let result = try TestTools.run("python3", ["-c", script, path, name, String(occurrence)])
        guard result.status == 0 else { throw TestFailure("cannot extract \(name): \(result.stderr)") }
        return result.stdoutData
    }
}
