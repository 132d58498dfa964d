import Foundation
import OCI
import Store

/// `manifest.json` in the style of `docker save`, so `docker load` can read the stream: one entry
/// per gathered image, `Config`, `RepoTags` (the source reference) and `Layers` as tar paths.
/// From an index, linux/amd64 is chosen, else its first image (as ace-dt). Unlike ace-dt, a second
/// reference to the same image is added to its entry's RepoTags rather than lost.
enum ManifestJSON {
    private struct Entry {
        var digest: Digest
        var config: String
        var repoTags: [String]
        var layers: [String]
    }

    static func build(_ manifests: [Descriptor], source: any ContentSource) async throws -> Data {
        var entries: [Entry] = []
        var seenReferences: Set<String> = []
        for descriptor in manifests {
            guard let reference = descriptor.annotations?[AnnotationKey.manifestSource],
                  seenReferences.insert(reference).inserted else { continue }
            var manifest = try await source.manifest(descriptor)
            if case .index(let index) = manifest.body {
                guard let first = index.manifests.first else { continue }
                let chosen = index.manifests.last { $0.platform?.os == "linux" && $0.platform?.architecture == "amd64" } ?? first
                manifest = try await source.manifest(chosen)
            }
            guard let image = manifest.image else { continue }
            if let existing = entries.firstIndex(where: { $0.digest == manifest.digest }) {
                entries[existing].repoTags.append(reference)
                continue
            }
            entries.append(Entry(digest: manifest.digest, config: StreamDocuments.blobPath(image.config.digest),
                                 repoTags: [reference], layers: image.layers.map { StreamDocuments.blobPath($0.digest) }))
        }
        return GoJSON.indent(encode(entries))
    }

    private static func encode(_ entries: [Entry]) -> Data {
        func strings(_ values: [String]) -> String { "[" + values.map(GoJSON.quote).joined(separator: ",") + "]" }
        let items = entries.map { entry in
            #"{"Config":\#(GoJSON.quote(entry.config)),"RepoTags":\#(strings(entry.repoTags)),"Layers":\#(strings(entry.layers))}"#
        }
        return Data(("[" + items.joined(separator: ",") + "]").utf8)
    }
}
