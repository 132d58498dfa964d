import Foundation
import OCI
import Store

/// Lists what copying a graph would touch, reading manifests only: for `--dry-run` plans.
///
/// Walks as `TransferSession` copies: each manifest once (its blobs counted each time it is
/// referred to), referrers listed once per manifest and walked once each, so a registry whose
/// referrers loop back cannot make the walk run forever.
public enum GraphPlanner {
    /// The counted blobs (configs and layers, with repeats) and all manifests under `root`, each
    /// once, referrers' manifests included when asked.
    public static func walk(_ root: ParsedManifest, from source: any ContentSource, referrers: Bool) async throws -> (blobs: GraphBlobs, manifests: [Descriptor]) {
        var walker = Walker(source: source)
        let blobs = try await walker.blobs(under: root)
        var listed: Set<Digest> = []
        var next = walker.manifests.map(\.digest)
        // Referrers' blobs are listed but, as in TransferSession, not counted in the sizes.
        while referrers, !next.isEmpty {
            var found: [Descriptor] = []
            for digest in next where listed.insert(digest).inserted {
                found += try await source.referrers(digest)
            }
            let known = walker.manifests.count
            for referrer in found where MediaType.isManifest(referrer.mediaType) && !walker.has(referrer.digest) {
                _ = try await walker.blobs(under: try await source.manifest(referrer))
            }
            next = walker.manifests[known...].map(\.digest)
        }
        return (GraphBlobs(descriptors: blobs), walker.manifests)
    }

    /// The walk's visited set: each manifest read once, its counted blobs remembered.
    private struct Walker {
        let source: any ContentSource
        var manifests: [Descriptor] = []
        private var below: [Digest: [Descriptor]] = [:]

        init(source: any ContentSource) { self.source = source }

        func has(_ digest: Digest) -> Bool { below[digest] != nil }

        /// Configs and layers under `manifest`, each time they are referred to.
        mutating func blobs(under manifest: ParsedManifest) async throws -> [Descriptor] {
            if let known = below[manifest.digest] { return known }
            below[manifest.digest] = []   // acyclic by hashing; this only guards a lying source
            manifests.append(manifest.descriptor)
            var blobs: [Descriptor] = []
            for child in manifest.children + (try manifest.extraManifests()) {
                if !MediaType.isManifest(child.mediaType) {
                    blobs.append(child)
                } else if let known = below[child.digest] {
                    blobs += known
                } else {
                    blobs += try await self.blobs(under: try await source.manifest(child))
                }
            }
            below[manifest.digest] = blobs
            return blobs
        }
    }
}
