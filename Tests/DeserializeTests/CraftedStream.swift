import Foundation
import OCI
import TestSupport

/// A hand-made, possibly hostile stream: blobs and manifests written raw (any size a descriptor
/// may claim), then tarred by `HandMadeTar` in layout order. Removed with its scratch directory.
struct CraftedStream {
    let scratch: URL
    private var layout: URL { scratch.appendingPathComponent("layout") }

    init() throws {
        scratch = try TestTools.makeTempDirectory("deserialize-crafted")
        try FileManager.default.createDirectory(at: layout.appendingPathComponent("blobs/sha256"), withIntermediateDirectories: true)
        try Data(#"{"imageLayoutVersion":"1.0.0"}"#.utf8).write(to: layout.appendingPathComponent("oci-layout"))
    }

    func remove() { try? FileManager.default.removeItem(at: scratch) }

    func path(_ name: String) -> String { scratch.appendingPathComponent(name).path }

    /// Puts `data` into the stream and returns its descriptor (true size; edit it to lie).
    @discardableResult
    func add(_ data: Data, mediaType: String = MediaType.ociLayer) throws -> Descriptor {
        let digest = Digest.sha256(of: data)
        try data.write(to: layout.appendingPathComponent("blobs/sha256/\(digest.encoded)"))
        return Descriptor(mediaType: mediaType, digest: digest, size: Int64(data.count))
    }

    /// A descriptor of bytes the stream does not carry.
    static func absent(_ data: Data) -> Descriptor {
        Descriptor(mediaType: MediaType.ociLayer, digest: Digest.sha256(of: data), size: Int64(data.count))
    }

    func addConfig(_ seed: Int = 0) throws -> Descriptor {
        try add(Data(#"{"architecture":"amd64","os":"linux","seed":\#(seed)}"#.utf8), mediaType: MediaType.ociConfig)
    }

    func addManifest(config: Descriptor, layers: [Descriptor]) throws -> Descriptor {
        try add(try JSONEncoder().encode(ImageManifest(config: config, layers: layers)), mediaType: MediaType.ociManifest)
    }

    func addIndex(_ manifests: [Descriptor]) throws -> Descriptor {
        try add(try JSONEncoder().encode(ImageIndex(manifests: manifests)), mediaType: MediaType.ociIndex)
    }

    /// Writes index.json listing `roots` (the first is the stream's root) and tars everything.
    func write(roots: [Descriptor], name: String = "crafted.tar") throws -> String {
        try JSONEncoder().encode(ImageIndex(manifests: roots)).write(to: layout.appendingPathComponent("index.json"))
        let output = path(name)
        try HandMadeTar.write(from: layout, to: output, shuffled: false)
        return output
    }

    /// An image whose layer is `layer` (added) and whose config is fresh; returns the manifest.
    func addImage(layer: Data, seed: Int = 0) throws -> Descriptor {
        try addManifest(config: try addConfig(seed), layers: [try add(layer)])
    }
}
