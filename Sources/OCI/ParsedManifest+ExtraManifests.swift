import Foundation

extension ParsedManifest {
    /// The descriptors an index carries in annotation `vnd.act3-ace.data.extra-manifests` (nested
    /// indexes and manifests a registry without nested-index support could not take, written by
    /// gather's index fallback). Empty for an image manifest or an index without the annotation;
    /// throws `OCIError.invalidManifest` when the annotation is not a JSON array of descriptors.
    public func extraManifests() throws -> [Descriptor] {
        guard isIndex, let text = annotations?[AnnotationKey.extraManifests] else { return [] }
        do {
            return try JSONDecoder().decode([Descriptor].self, from: Data(text.utf8))
        } catch {
            throw OCIError.invalidManifest(reason: "annotation \(AnnotationKey.extraManifests) of \(digest) is not a JSON array of descriptors")
        }
    }
}
