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

    func load() async throws -> ParsedManifest {
        if let manifest { return manifest }
        return try await content.manifest(subject.descriptor)
    }
}
