/// Every way an OCI value can be rejected.
///
/// Each case carries the offending input so the one-line `description` can name it: users fix
/// a bad reference or manifest faster when the message quotes exactly what ferry saw.
public enum OCIError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A digest string that is not `algorithm:hex` with a supported algorithm and length.
    case invalidDigest(String)
    /// An image reference that breaks the distribution grammar; `reason` says which rule.
    case invalidReference(String, reason: String)
    /// A platform string that is not `os/arch[/variant]`.
    case invalidPlatform(String)
    /// Manifest bytes that cannot be used (bad JSON, wrong structure, conflicting media types).
    case invalidManifest(reason: String)
    /// A media type ferry does not handle (Docker schema 1 included).
    case unsupportedMediaType(String)
    /// Content whose computed digest differs from the one it was fetched by.
    case digestMismatch(expected: Digest, actual: Digest)
    /// Content whose length differs from its descriptor.
    case sizeMismatch(expected: Int64, actual: Int64)

    public var description: String {
        switch self {
        case .invalidDigest(let string):
            let reason = Digest.validationFailure(string) ?? "not a valid digest"
            return "invalid digest \(GoJSON.quote(string)): \(reason)"
        case .invalidReference(let string, let reason):
            return "invalid reference \(GoJSON.quote(string)): \(reason)"
        case .invalidPlatform(let string):
            return "invalid platform \(GoJSON.quote(string)): expected os/arch[/variant], e.g. linux/arm64/v8"
        case .invalidManifest(let reason):
            return "invalid manifest: \(reason)"
        case .unsupportedMediaType(let type):
            if MediaType.isSchema1(type) {
                return "unsupported media type \(GoJSON.quote(type)): Docker image manifest schema 1 is deprecated"
                    + " and not supported; re-push the image as Docker schema 2 or OCI"
            }
            return "unsupported media type \(GoJSON.quote(type))"
        case .digestMismatch(let expected, let actual):
            return "digest mismatch: expected \(expected), got \(actual)"
        case .sizeMismatch(let expected, let actual):
            return "size mismatch: expected \(expected) bytes, got \(actual)"
        }
    }
}
