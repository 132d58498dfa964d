import Foundation
import OCI

/// The index.json entries of a stream, each read and checked against the last one.
///
/// ferry and ace-dt write index.json twice, from one value: first listing the root only, at the
/// end listing every manifest, root first. So every descriptor of an earlier one must be in the
/// final one unchanged (all its fields), and the index-level fields (schemaVersion, mediaType,
/// artifactType, subject, annotations) must be equal: a damaged byte in either copy shows as a
/// difference. A stream written that way (it carries `vnd.act3-ace.data.serialization.version`)
/// also has no JSON key the OCI index, descriptor and platform do not define, so a damaged key
/// (which a decoder would silently drop) is caught too. A layout tarred by hand has one
/// index.json and none of this applies beyond parsing.
struct StreamIndexes {
    /// The last index.json read: the one whose manifests are pushed.
    private(set) var final: ImageIndex?
    /// The index-level fields of the first one, and every descriptor the earlier ones listed.
    private var first: ImageIndex?
    private var earlier: [Digest: Descriptor] = [:]

    /// Parses one index.json entry; throws when it is no OCI index or contradicts an earlier one.
    mutating func add(_ data: Data) throws {
        guard let index = try? JSONDecoder().decode(ImageIndex.self, from: data) else {
            throw Self.bad("not an OCI image index")
        }
        if index.annotations?[AnnotationKey.serializationVersion] != nil, let key = Self.unknownKey(in: data) {
            throw Self.bad("unknown key \"\(key)\" (a damaged byte?)")
        }
        if let previous = final {
            try remember(previous.manifests)
        } else {
            first = index
        }
        final = index
    }

    /// Checks the earlier entries against the final one: call once the stream is read.
    func check() throws {
        guard let first, let final else { return }
        for descriptor in earlier.values where !final.manifests.contains(descriptor) {
            let listed = final.manifests.first { $0.digest == descriptor.digest }
            throw Self.bad(listed == nil ? "the final one does not list \(descriptor.digest), which an earlier one lists"
                                         : "\(descriptor.digest) is listed differently in the first and the final one")
        }
        // Only where the writer is known to write both from one value (ferry, ace-dt).
        guard [first, final].contains(where: { $0.annotations?[AnnotationKey.serializationVersion] != nil }) else { return }
        var head = first
        head.manifests = final.manifests
        if head != final { throw Self.bad("the first and the final one differ outside their manifests") }
    }

    private mutating func remember(_ descriptors: [Descriptor]) throws {
        for descriptor in descriptors {
            if let known = earlier[descriptor.digest], known != descriptor {
                throw Self.bad("\(descriptor.digest) is listed differently in two earlier ones")
            }
            earlier[descriptor.digest] = descriptor
        }
    }

    private static func bad(_ reason: String) -> DeserializeError {
        .badEntry("index.json", reason: reason)
    }

    // MARK: - Keys

    private static let indexKeys: Set<String> = ["schemaVersion", "mediaType", "artifactType", "manifests", "subject", "annotations"]
    private static let descriptorKeys: Set<String> = ["mediaType", "digest", "size", "urls", "annotations", "data", "platform", "artifactType"]
    private static let platformKeys: Set<String> = ["architecture", "os", "os.version", "os.features", "variant", "features"]

    /// The first key the image-spec does not define for where it stands, if any.
    static func unknownKey(in data: Data) -> String? {
        guard let index = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        if let key = index.keys.first(where: { !indexKeys.contains($0) }) { return key }
        var descriptors = (index["manifests"] as? [Any] ?? []).compactMap { $0 as? [String: Any] }
        if let subject = index["subject"] as? [String: Any] { descriptors.append(subject) }
        for descriptor in descriptors {
            if let key = descriptor.keys.first(where: { !descriptorKeys.contains($0) }) { return key }
            if let platform = descriptor["platform"] as? [String: Any],
               let key = platform.keys.first(where: { !platformKeys.contains($0) }) { return "platform.\(key)" }
        }
        return nil
    }
}
