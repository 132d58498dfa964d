import Foundation
import OCI
import Store

/// The images a gather artifact holds (the index `gather` and `deserialize` leave), listed as
/// ace-dt's `mirror diff` lists them: each with the reference it was gathered from and its digest.
public enum GatherListing {
    public struct Entry: Sendable, Equatable {
        /// The source reference as written in sources.list (`vnd.act3-ace.manifest.source`).
        public var reference: String
        /// The image's descriptor as the gather index lists it.
        public var descriptor: Descriptor
        public var digest: Digest { descriptor.digest }

        init(_ descriptor: Descriptor) {
            reference = descriptor.annotations?[AnnotationKey.manifestSource] ?? ""
            self.descriptor = descriptor
        }
    }

    /// The images of `root`, a gather artifact, that `existing` does not cover, sorted by
    /// reference. `expand` replaces a gather artifact nested in `root` (a gather of gathers) by
    /// the images it holds. Each digest is listed once.
    public static func entries(of root: ParsedManifest, in source: any ContentSource, expand: Bool,
                               excluding existing: Set<Digest> = []) async throws -> [Entry] {
        guard let index = gatherIndex(root) else { throw GatherListingError.notAGatherArtifact }
        var seen = existing
        var result: [Entry] = []
        for descriptor in try root.extraManifests() + index.manifests where !seen.contains(descriptor.digest) {
            if expand, MediaType.isIndex(descriptor.mediaType) {
                let nested = try await source.manifest(descriptor)
                if gatherIndex(nested) != nil {
                    var visited: Set<Digest> = [root.descriptor.digest]
                    for entry in try await images(of: nested, in: source, visited: &visited) where seen.insert(entry.digest).inserted {
                        result.append(entry)
                    }
                    seen.insert(descriptor.digest)
                    continue
                }
            }
            seen.insert(descriptor.digest)
            result.append(Entry(descriptor))
        }
        return result.sorted { ($0.reference, $0.digest.description) < ($1.reference, $1.digest.description) }
    }

    /// The digests an existing image stands for: its own, and for a gather artifact those of
    /// every image it holds, nested gathers included.
    public static func covered(by root: ParsedManifest, in source: any ContentSource) async throws -> Set<Digest> {
        var covered: Set<Digest> = [root.descriptor.digest]
        if gatherIndex(root) != nil {
            var visited: Set<Digest> = []
            for entry in try await images(of: root, in: source, visited: &visited) { covered.insert(entry.digest) }
        }
        return covered
    }

    /// Every image of a gather artifact, nested gather artifacts opened (each once: a visited set
    /// guards against an index that lists itself through its children).
    private static func images(of manifest: ParsedManifest, in source: any ContentSource,
                               visited: inout Set<Digest>) async throws -> [Entry] {
        guard let index = gatherIndex(manifest), visited.insert(manifest.descriptor.digest).inserted else { return [] }
        var result: [Entry] = []
        for descriptor in try manifest.extraManifests() + index.manifests {
            if MediaType.isIndex(descriptor.mediaType), !visited.contains(descriptor.digest) {
                let nested = try await source.manifest(descriptor)
                if gatherIndex(nested) != nil {
                    result += try await images(of: nested, in: source, visited: &visited)
                    continue
                }
            }
            result.append(Entry(descriptor))
        }
        return result
    }

    private static func gatherIndex(_ manifest: ParsedManifest) -> ImageIndex? {
        guard let index = manifest.index, index.artifactType == MediaType.gatherArtifactType else { return nil }
        return index
    }
}

public enum GatherListingError: Error, CustomStringConvertible, Sendable {
    case notAGatherArtifact

    public var description: String {
        "not a gather artifact (an index with artifactType \(MediaType.gatherArtifactType), as ferry gather or deserialize leave it)"
    }
}
