import Foundation
import OCI
import Registry
import Streams

/// A local OCI layout directory.
public struct LayoutContent: ContentSource, ContentTarget {
    public let layout: OCILayout
    public let tag: String?

    public init(layout: OCILayout, tag: String?) {
        self.layout = layout
        self.tag = tag
    }

    public var repository: Repository? { nil }

    public func root() async throws -> ParsedManifest { try layout.manifest(try layout.resolve(tag: tag)) }

    public func manifest(_ descriptor: Descriptor) async throws -> ParsedManifest { try layout.manifest(descriptor) }

    /// A whole blob is verified as it is read; a resumed read (offset > 0) is checked by its consumer.
    public func openBlob(_ descriptor: Descriptor, offset: Int64) throws -> any ByteSource {
        let file = try layout.openBlob(descriptor.digest, offset: offset)
        return offset == 0 ? VerifyingSource(file, expected: descriptor) : file
    }

    /// Referrers in a layout: every manifest listed in index.json whose subject is `digest`.
    public func referrers(_ digest: Digest) async throws -> [Descriptor] {
        var found: [Descriptor] = []
        for entry in try layout.index().manifests where MediaType.isManifest(entry.mediaType) {
            guard let parsed = try? layout.manifest(entry), parsed.subject?.digest == digest else { continue }
            var descriptor = parsed.descriptor
            descriptor.annotations = parsed.annotations
            if descriptor.artifactType == nil, case .image(let image) = parsed.body {
                descriptor.artifactType = image.config.mediaType
            }
            if !found.contains(where: { $0.digest == descriptor.digest }) { found.append(descriptor) }
        }
        return found
    }

    public func manifest(tagged tag: String) async throws -> ParsedManifest? {
        guard let found = try? layout.resolve(tag: tag) else { return nil }
        return try layout.manifest(found)
    }

    public func hasManifest(_ descriptor: Descriptor) async throws -> Bool { layout.hasBlob(descriptor.digest) }

    public func digest(tagged tag: String) async throws -> Digest? { try? layout.resolve(tag: tag).digest }

    public func hasBlob(_ descriptor: Descriptor) async throws -> Bool { layout.hasBlob(descriptor.digest) }

    public func putBlob(_ descriptor: Descriptor, mountFrom: Repository?, open: @escaping BlobOpener) async throws -> BlobPushOutcome {
        if layout.hasBlob(descriptor.digest) { return .existed }
        let source = try open(0)
        defer { source.close() }
        let layout = self.layout
        // File writes block: keep them off the cooperative pool like network transfers. Closing
        // the source on cancellation unblocks the ingest thread and stops the download behind it.
        try await withTaskCancellationHandler {
            try await runOnThread { try layout.ingest(descriptor, from: source) }
        } onCancel: {
            source.close()
        }
        return .uploaded
    }

    /// Stores the manifest; a referrer (has a subject) is also listed in index.json so it can be found again.
    public func putManifest(_ manifest: ParsedManifest, tag: String?) async throws {
        try layout.ingest(manifest.descriptor, data: manifest.bytes)
        if let tag {
            try layout.setTag(tag, to: manifest.descriptor)
        } else if manifest.subject != nil {
            try layout.setTag(nil, to: manifest.descriptor)
        }
    }
}
