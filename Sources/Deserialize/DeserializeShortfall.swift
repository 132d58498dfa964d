/// What a stream lacked or carried wrong, named (the first `NamedList.shown` of each kind).
public struct DeserializeShortfall: Sendable, Equatable {
    /// Blobs or manifests needed and found neither in the stream nor in the target.
    public var missing = NamedList()
    /// Blob entries whose bytes did not match their digest or size.
    public var corrupt = NamedList()
    /// Manifests refused before any push: `digest: reason` (a declared size that is not what the
    /// stream carried, bytes that are no manifest, an empty root index, too many descriptors).
    public var invalid = NamedList()
    /// Manifests not pushed because something under them is missing, corrupt or invalid.
    public var notPushed = 0
    /// Why the stream ended early (a truncated or refused tar entry), if it did.
    public var cause: String?

    public init() {}

    public var description: String {
        var parts: [String] = []
        if !missing.isEmpty { parts.append("\(Self.blobs(missing.count)) missing: \(missing.joined())") }
        if !corrupt.isEmpty { parts.append("\(Self.blobs(corrupt.count)) corrupt: \(corrupt.joined())") }
        // A stream cut off after its last blob (or ended by a refused entry) misses nothing.
        var text = parts.isEmpty ? (cause == nil ? "" : "stream damaged or cut short")
                                 : "stream incomplete (\(parts.joined(separator: "; ")))"
        if !invalid.isEmpty {
            let manifests = "\(invalid.count) manifest\(invalid.count == 1 ? "" : "s") invalid: \(invalid.joined(separator: "; "))"
            text = text.isEmpty ? manifests : "\(text); \(manifests)"
        }
        if notPushed > 0 { text += "; \(notPushed) manifest\(notPushed == 1 ? "" : "s") not pushed (the root is not tagged)" }
        return text + (cause.map { ": \($0)" } ?? "")
    }

    private static func blobs(_ count: Int) -> String { "\(count) blob\(count == 1 ? "" : "s")" }
}
