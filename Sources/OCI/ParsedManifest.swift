import Foundation

/// Manifest bytes exactly as received plus their decoded form: digests are over the bytes, never re-encoded JSON.
///
/// A manifest's identity is the SHA-256 of its bytes, and re-encoding (key order, whitespace,
/// escaping) would change it, so ferry carries the original bytes everywhere and only reads the
/// decoded body. This is also where untrusted manifest bytes are validated.
public struct ParsedManifest: Sendable {
    public let bytes: Data
    /// The manifest's own type: its `mediaType` field, else the Content-Type, else inferred.
    public let mediaType: String
    /// SHA-256 of `bytes`.
    public let digest: Digest
    public let body: ManifestBody

    /// Parses and validates manifest bytes.
    ///
    /// - Parameter contentType: the registry's `Content-Type`, parameters allowed; used when the
    ///   JSON has no `mediaType` field, and checked against it when it has one.
    /// - Throws: `OCIError.unsupportedMediaType` for Docker schema 1 or non-manifest types,
    ///   `OCIError.invalidManifest` for bad JSON, wrong structure or conflicting types.
    public init(bytes: Data, contentType: String? = nil) throws {
        guard !bytes.isEmpty else { throw OCIError.invalidManifest(reason: "empty body") }
        let probe: Probe
        do {
            probe = try JSONDecoder().decode(Probe.self, from: bytes)
        } catch {
            throw OCIError.invalidManifest(reason: Self.reason(error, syntaxOf: bytes))
        }
        let header = contentType.map(MediaType.essence).flatMap { $0.isEmpty ? nil : $0 }
        let field = probe.mediaType.flatMap { $0.isEmpty ? nil : $0 }

        // Schema 1 first: it has no config/layers to decode, and the message must say why.
        if probe.schemaVersion == 1 || field.map(MediaType.isSchema1) == true
            || header.map(MediaType.isSchema1) == true {
            let type = [field, header].compactMap { $0 }.first(where: MediaType.isSchema1)
                ?? (probe.keys.contains("signatures") ? MediaType.dockerSchema1Signed : MediaType.dockerSchema1)
            throw OCIError.unsupportedMediaType(type)
        }
        if let field, let header, MediaType.isManifest(field), MediaType.isManifest(header),
           MediaType.essence(field) != header {
            throw OCIError.invalidManifest(
                reason: "mediaType field \(GoJSON.quote(field)) disagrees with Content-Type \(GoJSON.quote(header))")
        }

        let mediaType: String
        if let field {
            mediaType = field
        } else if let header, !Self.genericContentTypes.contains(header) {
            mediaType = header
        } else if probe.keys.contains("manifests") {
            mediaType = MediaType.ociIndex
        } else if probe.keys.contains("config") {
            mediaType = MediaType.ociManifest
        } else {
            throw OCIError.invalidManifest(
                reason: "cannot tell the manifest type: no mediaType field, no manifest Content-Type,"
                    + " and neither \"manifests\" nor \"config\"")
        }
        guard MediaType.isManifest(mediaType) else { throw OCIError.unsupportedMediaType(mediaType) }

        let body: ManifestBody
        let schemaVersion: Int
        do {
            if MediaType.isIndex(mediaType) {
                let index = try JSONDecoder().decode(ImageIndex.self, from: bytes)
                body = .index(index)
                schemaVersion = index.schemaVersion
            } else {
                let image = try JSONDecoder().decode(ImageManifest.self, from: bytes)
                body = .image(image)
                schemaVersion = image.schemaVersion
            }
        } catch {
            throw OCIError.invalidManifest(reason: "\(mediaType): \(Self.reason(error))")
        }
        guard schemaVersion == 2 else {
            throw OCIError.invalidManifest(reason: "schemaVersion must be 2, got \(schemaVersion)")
        }

        self.bytes = bytes
        self.mediaType = mediaType
        self.digest = Digest.sha256(of: bytes)
        self.body = body

        // Sizes drive buffer allocation and progress downstream; a negative one is hostile or broken.
        for child in children + [subject].compactMap({ $0 }) where child.size < 0 {
            throw OCIError.invalidManifest(reason: "descriptor \(child.digest) has negative size \(child.size)")
        }
    }

    /// The descriptor a parent index (or a push) uses for this manifest.
    public var descriptor: Descriptor {
        Descriptor(mediaType: mediaType, digest: digest, size: Int64(bytes.count), artifactType: artifactType)
    }

    public var isIndex: Bool {
        if case .index = body { return true }
        return false
    }

    /// What must exist before this manifest can be pushed: index entries, or config + layers.
    /// The subject is deliberately excluded; it is a link, not a dependency.
    public var children: [Descriptor] {
        switch body {
        case .index(let index): return index.manifests
        case .image(let image): return [image.config] + image.layers
        }
    }

    public var subject: Descriptor? {
        switch body {
        case .index(let index): return index.subject
        case .image(let image): return image.subject
        }
    }

    public var annotations: [String: String]? {
        switch body {
        case .index(let index): return index.annotations
        case .image(let image): return image.annotations
        }
    }

    /// The body when it is an image manifest, for callers that only handle one kind.
    public var image: ImageManifest? {
        if case .image(let image) = body { return image }
        return nil
    }

    /// The body when it is an index or manifest list.
    public var index: ImageIndex? {
        if case .index(let index) = body { return index }
        return nil
    }

    /// The manifest's own `artifactType` (no fallback to the config media type).
    public var artifactType: String? {
        switch body {
        case .index(let index): return index.artifactType
        case .image(let image): return image.artifactType
        }
    }

    /// Checks these bytes are what `expected` promised, so a registry cannot substitute content.
    public func verify(against expected: Descriptor) throws {
        if expected.size != Int64(bytes.count) {
            throw OCIError.sizeMismatch(expected: expected.size, actual: Int64(bytes.count))
        }
        if expected.digest.algorithm == .sha256, expected.digest != digest {
            throw OCIError.digestMismatch(expected: expected.digest, actual: digest)
        }
    }

    /// Content types registries and files send that say nothing about the manifest kind.
    private static let genericContentTypes: Set<String> = [
        "application/json", "application/octet-stream", "binary/octet-stream", "text/plain",
    ]

    /// Just enough of the JSON to decide the type before decoding the body.
    private struct Probe: Decodable {
        var schemaVersion: Int?
        var mediaType: String?
        var keys: Set<String>

        init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: AnyKey.self)
            keys = Set(c.allKeys.map(\.stringValue))
            schemaVersion = try? c.decodeIfPresent(Int.self, forKey: AnyKey("schemaVersion"))
            mediaType = try? c.decodeIfPresent(String.self, forKey: AnyKey("mediaType"))
        }
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { return nil }
    }

    /// A one-line reason from a decoder error, naming the JSON path involved. JSONDecoder on
    /// Linux does not say where the syntax is broken, so for that case `syntaxOf` is re-read by
    /// JSONSerialization, whose message has the position.
    static func reason(_ error: Error, syntaxOf bytes: Data? = nil) -> String {
        func path(_ keys: [CodingKey]) -> String {
            let text = keys.map { key in key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)" }.joined()
            return text.isEmpty ? "top level" : String(text.drop(while: { $0 == "." }))
        }
        guard let error = error as? DecodingError else { return "\(error)" }
        switch error {
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                var detail = context.underlyingError.map { "\($0)" }
                if let bytes {
                    do {
                        _ = try JSONSerialization.jsonObject(with: bytes, options: [.fragmentsAllowed])
                    } catch {
                        detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? detail
                    }
                }
                return "not valid JSON" + (detail.map { ": \($0)" } ?? "")
            }
            return "\(path(context.codingPath)): \(context.debugDescription)"
        case .keyNotFound(let key, let context):
            return "missing field \(GoJSON.quote(path(context.codingPath + [key])))"
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)): expected \(type)"
        case .valueNotFound(let type, let context):
            return "\(path(context.codingPath)): null where \(type) expected"
        @unknown default:
            return "\(error)"
        }
    }
}
