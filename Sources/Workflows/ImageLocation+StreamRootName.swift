import Store

extension ImageLocation {
    /// The root's `org.opencontainers.image.ref.name` in a stream's index.json: the tag (the
    /// digest of a pinned reference, else `latest`), as ace-dt writes it (oras'
    /// `ReferenceOrDefault`), so `skopeo copy oci-archive:FILE:sync-45` finds the set of
    /// `reg.low/gather:sync-45`.
    public var streamRootName: String {
        switch self {
        case .registry(let reference): return reference.tag ?? reference.digest?.description ?? "latest"
        case .layout(_, let tag): return tag ?? "latest"
        }
    }
}
