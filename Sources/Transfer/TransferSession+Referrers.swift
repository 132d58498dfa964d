import Foundation
import OCI
import Store

/// Referrers travel after their subjects' graphs, outside the per-manifest walks: a referrer may
/// list (as a child) an index above its own subject, so walking it inside the subject's walk
/// could wait on itself. Each manifest's referrers are listed once per session and each
/// referrer copied once, which ends every loop a registry's answers can make.
extension TransferSession {
    /// Copies every manifest whose subject is `digest` (and their own referrers). They travel with
    /// their subject but are not part of its size, as ace-dt counts.
    public func copyReferrers(of digest: Digest, from source: any ContentSource) async throws {
        guard await ledger.claimListing(digest) else { return }
        let metadata = self.metadata
        let found = try await metadata.run { try await source.referrers(digest) }
        try await copyReferrers(found, andThoseOf: [], from: source)
    }

    /// Copies `found` (referrers already listed), then the referrers of `manifests` and of
    /// everything copied on the way, until no new manifest turns up.
    func copyReferrers(_ found: [Descriptor], andThoseOf manifests: [Digest], from source: any ContentSource) async throws {
        var found = found
        var next = manifests
        while true {
            found += try await listReferrers(of: await ledger.claimListings(next), from: source)
            next = []
            guard !found.isEmpty else { return }
            for referrer in found where MediaType.isManifest(referrer.mediaType) {
                guard await ledger.claimManifest(referrer.digest) else { continue }
                let manifest = try await metadata.run { try await source.manifest(referrer) }
                next += try await subtree(manifest, from: source, tag: nil).manifests
            }
            found = []
        }
    }

    /// The referrers of each of `digests`, asked at once (bounded by the metadata limiter), in order.
    private func listReferrers(of digests: [Digest], from source: any ContentSource) async throws -> [Descriptor] {
        let metadata = self.metadata
        return try await withThrowingTaskGroup(of: (Int, [Descriptor]).self) { group in
            for (position, digest) in digests.enumerated() {
                group.addTask { (position, try await metadata.run { try await source.referrers(digest) }) }
            }
            var lists = [[Descriptor]](repeating: [], count: digests.count)
            for try await (position, list) in group { lists[position] = list }
            return lists.flatMap { $0 }
        }
    }
}
