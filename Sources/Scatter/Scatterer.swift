import Foundation
import Mapping
import OCI
import Store

/// `scatter IMAGE MAPPER`: the images of a gather result (registry tag or OCI layout), each
/// bound for the destinations its mapper gives.
public struct Scatterer: Sendable {
    let source: any ContentSource
    let mapper: Mapper
    let options: ScatterOptions

    public init(source: any ContentSource, mapper: Mapper, options: ScatterOptions) {
        self.source = source
        self.mapper = mapper
        self.options = options
    }

    /// Reads the gather index, keeps the images `--subset` and `-l` select, and maps them.
    /// Reads only the index: nothing is pushed and no destination is asked.
    public func plan() async throws -> ScatterPlan {
        let filter = ImageFilter(subset: options.subset, selectors: options.selectors)
        var images: [ScatterImage] = []
        for descriptor in try await gatheredManifests() {
            let subject = try MappingSubject(descriptor: descriptor)
            if try filter.includes(subject) { images.append(ScatterImage(subject: subject, content: source)) }
        }
        return try ScatterPlan(images: images, mapper: mapper, strict: options.strict)
    }

    /// The gather index's entries: `manifests` plus the nested indexes that index-fallback moved
    /// into the extra-manifests annotation (ace-dt's `encoding.Successors`).
    func gatheredManifests() async throws -> [Descriptor] {
        let root = try await source.root()
        guard case .index(let index) = root.body else {
            throw ScatterError.notAGatherResult(reason: "it is \(root.mediaType), not an index")
        }
        let annotations = index.annotations ?? [:]
        // ace-dt refuses a set without the size it shows progress against; so does ferry, since
        // an index without it was not written by gather or deserialize.
        guard let size = annotations[AnnotationKey.layerSizeDeduplicated], Int64(size) != nil else {
            throw ScatterError.notAGatherResult(reason: "index \(root.digest) has no \(AnnotationKey.layerSizeDeduplicated) annotation")
        }
        guard let extra = annotations[AnnotationKey.extraManifests] else { return index.manifests }
        do {
            return index.manifests + (try JSONDecoder().decode([Descriptor].self, from: Data(extra.utf8)))
        } catch {
            throw ScatterError.notAGatherResult(reason: "annotation \(AnnotationKey.extraManifests) is not a JSON array of descriptors: \(error)")
        }
    }
}
