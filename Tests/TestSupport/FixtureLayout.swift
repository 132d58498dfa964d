import Foundation
import OCI

/// On-disk forms of a fixture that skopeo can read: an OCI image layout (`oci:DIR:TAG`) and
/// containers/image's directory format (`dir:DIR`).
///
/// skopeo's `oci:` transport ignores index.json entries with Docker media types, while `dir:`
/// keeps whatever manifest bytes it finds and takes the type from their `mediaType` field; so
/// OCI fixtures go through a layout and Docker ones through `dir:`, both byte-exact.
enum FixtureLayout {
    static let refNameAnnotation = "org.opencontainers.image.ref.name"

    /// Writes `image` into an OCI layout at `directory` under `tag`, creating the layout if needed.
    static func writeOCILayout(_ image: FixtureImage, to directory: URL, tag: String) throws {
        let fileManager = FileManager.default
        let blobs = directory.appendingPathComponent("blobs/sha256", isDirectory: true)
        try fileManager.createDirectory(at: blobs, withIntermediateDirectories: true)
        try Data(#"{"imageLayoutVersion":"1.0.0"}"#.utf8).write(to: directory.appendingPathComponent("oci-layout"))
        for manifest in image.allManifests {
            try place(manifest.digest, in: blobs.appendingPathComponent(manifest.digest.encoded))
        }
        for blob in image.blobs {
            try place(blob.digest, in: blobs.appendingPathComponent(blob.digest.encoded))
        }

        // Keep other entries of an existing index.json, replacing one with the same name.
        let indexURL = directory.appendingPathComponent("index.json")
        var entries: [OrderedJSON] = []
        if let data = try? Data(contentsOf: indexURL),
           let existing = try? JSONDecoder().decode(ImageIndexFile.self, from: data) {
            for entry in existing.manifests where entry.annotations?[refNameAnnotation] != tag {
                entries.append(FixtureBuilder.ociDescriptor(entry, platform: entry.platform))
            }
        }
        var entry = image.descriptor
        entry.platform = nil
        entry.annotations = [refNameAnnotation: tag]
        entries.append(FixtureBuilder.ociDescriptor(entry))
        let index = OrderedJSON.object([
            ("schemaVersion", .int(2)),
            ("mediaType", .string(MediaType.ociIndex)),
            ("manifests", .array(entries)),
        ])
        try index.data().write(to: indexURL, options: .atomic)
    }

    /// Writes `image` in containers/image's `dir:` format (version 1.1): the top manifest as
    /// `manifest.json`, child manifests as `<hex>.manifest.json`, blobs as `<hex>`.
    static func writeDirectory(_ image: FixtureImage, to directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data("Directory Transport Version: 1.1\n".utf8).write(to: directory.appendingPathComponent("version"))
        try image.manifest.write(to: directory.appendingPathComponent("manifest.json"))
        for child in image.allManifests.dropFirst() {
            try child.manifest.write(to: directory.appendingPathComponent("\(child.digest.encoded).manifest.json"))
        }
        for blob in image.blobs {
            try place(blob.digest, in: directory.appendingPathComponent(blob.digest.encoded))
        }
    }

    /// Hard-links a stored blob to `target` (copying across file systems); skips existing files.
    private static func place(_ digest: Digest, in target: URL) throws {
        let fileManager = FileManager.default
        if fileManager.fileExists(atPath: target.path) { return }
        let source = try FixtureBlobStore.shared().url(for: digest)
        do {
            try fileManager.linkItem(at: source, to: target)
        } catch {
            try fileManager.copyItem(at: source, to: target)
        }
    }

    /// Just enough of index.json to carry existing entries over.
    private struct ImageIndexFile: Decodable {
        var manifests: [Descriptor]
    }
}
