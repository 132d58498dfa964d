import Foundation
import Mapping
import OCI

/// Mapping files and gathered-manifest descriptors for the mapper tests.
enum MappingFixtures {
    /// Writes `text` to a fresh file named `name` and returns its path.
    static func file(_ text: String, name: String = "map.csv") throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-mapping-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// A gather-index entry for `source`, with a digest derived from `content` (default: the source).
    static func subject(_ source: String, content: String? = nil, labels: String? = nil) throws -> MappingSubject {
        var annotations = [AnnotationKey.manifestSource: source, AnnotationKey.refName: source]
        annotations[AnnotationKey.labels] = labels
        let descriptor = Descriptor(mediaType: MediaType.ociManifest, digest: Digest.sha256(of: Data((content ?? source).utf8)),
                                    size: 100, annotations: annotations)
        return try MappingSubject(descriptor: descriptor)
    }

    /// The destinations of `source` under `mapper`, as text.
    static func map(_ mapper: Mapper, _ source: String) throws -> [String] {
        try mapper.destinations(for: subject(source)).map(\.reference.description)
    }
}
