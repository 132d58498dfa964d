import Foundation
import Mapping
import OCI
import Store

/// One image to place: its annotated descriptor (what mappers see) and where its content is read.
public struct ScatterImage: Sendable {
    public var subject: MappingSubject
    /// The gather repository or layout (scatter), or the source repository (clone).
    public var content: any ContentSource
    /// The manifest, when it was already fetched (clone resolves sources first).
    public var manifest: ParsedManifest?

    public init(subject: MappingSubject, content: any ContentSource, manifest: ParsedManifest? = nil) {
        self.subject = subject
        self.content = content
        self.manifest = manifest
    }

    /// What cosign signed for this image: the index it was picked out of (gather `-p`, its
    /// `data.act3-ace.io/source-index` annotation), else the manifest itself.
    var signedDescriptor: Descriptor {
        guard let text = subject.descriptor.annotations?[AnnotationKey.sourceIndex] else { return subject.descriptor }
        let bytes = Data(text.utf8)
        let mediaType = (try? ParsedManifest(bytes: bytes))?.mediaType ?? MediaType.ociIndex
        return Descriptor(mediaType: mediaType, digest: DigestHasher.digest(of: bytes, algorithm: .sha256), size: Int64(bytes.count))
    }

    func load() async throws -> ParsedManifest {
        if let manifest { return manifest }
        return try await content.manifest(subject.descriptor)
    }
}
