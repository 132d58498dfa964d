import Config
import Foundation
import OCI
import Registry
import Store
import Transfer

/// One image of a sources.list (for gather and clone): the line it came from, the reference as
/// written, and its manifest.
public struct ResolvedSource: Sendable {
    public var entry: SourceEntry
    /// The reference as the user wrote it (a tag filled in when the line selected tags).
    public var text: String
    public var reference: Reference
    public var root: ParsedManifest
    /// Set when `--platforms` picked this manifest out of a multi-arch index.
    public var platform: Platform?
    /// The original index, kept in the gather index so its digest can be recomputed.
    public var sourceIndex: ParsedManifest?

    /// The root's descriptor annotated as ace-dt annotates a gathered manifest (source, ref name,
    /// labels, source index): what gather writes in its index and what clone's mappers see.
    public var annotatedDescriptor: Descriptor {
        // mediaType, digest and size (plus the platform when picked from an index), as ace-dt writes them.
        var descriptor = Descriptor(mediaType: root.mediaType, digest: root.digest, size: Int64(root.bytes.count))
        descriptor.platform = platform
        var notes: [String: String] = [
            AnnotationKey.manifestSource: text,
            AnnotationKey.refName: text,
        ]
        if !entry.labels.isEmpty {
            notes[AnnotationKey.labels] = GoJSON.encodeString(entry.labels)
        }
        if let sourceIndex {
            notes[AnnotationKey.sourceIndex] = String(decoding: sourceIndex.bytes, as: UTF8.self)
        }
        descriptor.annotations = notes
        return descriptor
    }
}
