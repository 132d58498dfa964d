import Foundation
import OCI
import Registry
import Resolve
import Store

/// Builds the gather result: an OCI index of every gathered image, with ace-dt's annotations.
struct GatherIndexBuilder {
    var indexFallback: Bool
    var annotations: [String: String]

    /// One entry per gathered image, annotated with where it came from.
    static func entry(for source: ResolvedSource) -> Descriptor { source.annotatedDescriptor }

    /// The index over `entries`, sorted by source, with the size totals of what was gathered.
    func build(entries: [Descriptor], totalSize: Int64, deduplicatedSize: Int64) throws -> ParsedManifest {
        let sorted = entries.enumerated().sorted { a, b in
            let left = a.element.annotations?[AnnotationKey.manifestSource] ?? ""
            let right = b.element.annotations?[AnnotationKey.manifestSource] ?? ""
            return left == right ? a.offset < b.offset : left < right
        }.map(\.element)
        var manifests = sorted
        var notes = annotations
        notes[AnnotationKey.dataVersion] = FerryVersion.current
        notes[AnnotationKey.layerSizeTotal] = String(totalSize)
        notes[AnnotationKey.layerSizeDeduplicated] = String(deduplicatedSize)
        if indexFallback {
            // Registries that refuse an index of indexes get the nested ones as an annotation.
            let nested = sorted.filter { MediaType.isIndex($0.mediaType) }
            if !nested.isEmpty {
                manifests = sorted.filter { !MediaType.isIndex($0.mediaType) }
                notes[AnnotationKey.extraManifests] = String(decoding: GoJSON.encode(nested), as: UTF8.self)
            }
        }
        let index = ImageIndex(schemaVersion: 2, mediaType: MediaType.ociIndex, artifactType: MediaType.gatherArtifactType,
                               manifests: manifests, subject: nil, annotations: notes)
        return try ParsedManifest(bytes: index.goJSON(), contentType: MediaType.ociIndex)
    }
}
