import OCI
import Store

/// One image whose signature is checked: what was signed and where its signatures are looked for.
public struct SignedImage: Sendable {
    /// How the user named the image (the sources.list reference), for messages.
    public var name: String
    /// The digest cosign signs: the manifest's, or the index's when platforms were picked out of one.
    public var digest: Digest
    /// The repository the payload must name (`critical.identity.docker-reference`).
    public var repository: Reference
    /// Where the image's signatures are stored (its repository, a gather result or layout).
    public var content: any ContentSource

    public init(name: String, digest: Digest, repository: Reference, content: any ContentSource) {
        self.name = name
        self.digest = digest
        self.repository = repository
        self.content = content
    }
}
