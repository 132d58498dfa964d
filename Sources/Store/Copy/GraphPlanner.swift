import Foundation
import OCI

/// Lists what copying a graph would touch, reading manifests only: for `--dry-run` plans.
public enum GraphPlanner {
    /// The counted blobs (configs and layers, with repeats) and all manifests under `root`,
    /// referrers' manifests included when asked.
    public static func walk(_ root: ParsedManifest, from source: any ContentSource, referrers: Bool) async throws -> (blobs: GraphBlobs, manifests: [Descriptor]) {
        var blobs = GraphBlobs()
        var manifests: [Descriptor] = []
        // Referrers' blobs are listed but, as in TransferSession, not counted in the sizes.
        var pending: [(ParsedManifest, counted: Bool)] = [(root, true)]
        var seen: Set<Digest> = []
        while let (manifest, counted) = pending.popLast() {
            // Counted manifests are walked every time they are referenced, as a copy counts them;
            // referrers once each.
            guard counted || seen.insert(manifest.digest).inserted else { continue }
            manifests.append(manifest.descriptor)
            for child in manifest.children {
                if MediaType.isManifest(child.mediaType) {
                    pending.append((try await source.manifest(child), counted))
                } else if counted {
                    blobs.descriptors.append(child)
                }
            }
            if referrers {
                for referrer in try await source.referrers(manifest.digest) where MediaType.isManifest(referrer.mediaType) {
                    pending.append((try await source.manifest(referrer), false))
                }
            }
        }
        return (blobs, manifests)
    }
}
