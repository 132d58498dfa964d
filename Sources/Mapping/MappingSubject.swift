import Foundation
import OCI

/// One gathered manifest as a mapper sees it: the gather-index descriptor (annotations included,
/// which templates read) and the source reference recorded in it.
public struct MappingSubject: Sendable {
    public var descriptor: Descriptor
    /// Annotation `vnd.act3-ace.manifest.source`: the reference as the user wrote it.
    public var source: String

    /// Throws `MappingSubjectError` when the descriptor carries no source annotation: without it
    /// no prefix rule and no nest can place the image.
    public init(descriptor: Descriptor) throws {
        guard let source = descriptor.annotations?[AnnotationKey.manifestSource], !source.isEmpty else {
            throw MappingSubjectError(digest: descriptor.digest)
        }
        self.descriptor = descriptor
        self.source = source
    }

    public var digest: Digest { descriptor.digest }

    /// The sources.list labels recorded with it (annotation `data.act3-ace.io/labels`); text that
    /// is not a JSON string map reads as an error, since a selector could not be applied.
    public func labels() throws -> [String: String] {
        guard let text = descriptor.annotations?[AnnotationKey.labels] else { return [:] }
        guard let labels = try? JSONDecoder().decode([String: String].self, from: Data(text.utf8)) else {
            throw MappingLabelsError(source: source, text: text)
        }
        return labels
    }
}

/// A gather-index entry without `vnd.act3-ace.manifest.source`.
public struct MappingSubjectError: Error, Sendable, CustomStringConvertible {
    public var digest: Digest
    public var description: String {
        "manifest \(digest) has no \(AnnotationKey.manifestSource) annotation; is this a gather result?"
    }
}

/// A labels annotation that is not a JSON map of strings.
public struct MappingLabelsError: Error, Sendable, CustomStringConvertible {
    public var source: String
    public var text: String
    public var description: String { "\(source): labels annotation \(text) is not a JSON map of strings" }
}
