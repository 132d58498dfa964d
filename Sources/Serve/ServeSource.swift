import OCI

/// What `ferry serve` serves from: one type per kind of source (an OCI layout or the local
/// store, a stream file). A source says where each blob lies and which manifests its index.json
/// lists; `ServeCatalog` walks the manifests once from there and names them (`RepositoryNaming`).
public protocol ServeSource: Sendable {
    /// How the source reads in messages.
    var description: String { get }
    /// The manifests the source's index.json lists, with the annotations that name them.
    var entries: [Descriptor] { get }
    /// The bytes of `digest`, or nil when the source has no such blob.
    func extent(of digest: Digest) -> BlobExtent?
}
