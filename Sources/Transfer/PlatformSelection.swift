import Foundation
import OCI
import Registry
import Store

/// `--platform` applied to a root: one match becomes the root itself, several a new index of
/// just those; an image or index without a match is an error listing what it has.
public enum PlatformSelection {
    public static func select(_ platforms: [Platform], from root: ParsedManifest, source: any ContentSource) async throws -> ParsedManifest {
        guard !platforms.isEmpty, case .index(let index) = root.body else { return root }
        let matching = try matches(platforms, in: index, digest: root.digest)
        if matching.count == 1, let only = matching.first { return try await source.manifest(only) }
        var filtered = index
        filtered.manifests = matching
        return try ParsedManifest(bytes: filtered.goJSON(), contentType: root.mediaType)
    }

    /// The entries of `index` whose platform matches one of `platforms`.
    public static func matches(_ platforms: [Platform], in index: ImageIndex, digest: Digest) throws -> [Descriptor] {
        let matching = index.manifests.filter { entry in
            guard let platform = entry.platform else { return false }
            return platforms.contains { $0.matches(platform) }
        }
        guard !matching.isEmpty else {
            let available = index.manifests.compactMap { $0.platform?.description }.joined(separator: ", ")
            throw StoreError.notFound("platform \(platforms.map(\.description).joined(separator: ", ")) in index \(digest) (it has: \(available))")
        }
        return matching
    }
}
