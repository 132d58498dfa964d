import OCI

/// Why an image has no acceptable signature.
public enum SignatureRefusalReason: Sendable, Equatable, CustomStringConvertible {
    /// Neither the `sha256-<hex>.sig` tag nor any referrer holds a cosign signature.
    case noSignature
    /// Signatures exist, but none verifies with the given keys; `detail` says what was wrong.
    case doesNotVerify(String)
    /// A signature by a given key whose payload names another manifest.
    case otherDigest(Digest)
    /// A signature by a given key whose payload names another repository.
    case otherRepository(String)

    public var description: String {
        switch self {
        case .noSignature:
            return "no signature found (no sha256-<hex>.sig tag, no cosign signature referrer)"
        case .doesNotVerify(let detail):
            return "signature does not verify: \(detail)"
        case .otherDigest(let digest):
            return "signature payload names another digest (\(digest))"
        case .otherRepository(let name):
            return "signature payload names another repository (\(GoJSON.quote(name)))"
        }
    }

    /// The more telling of two reasons: a signature by the right key for the wrong thing says
    /// more than a bad signature, which says more than none.
    func rank() -> Int {
        switch self {
        case .noSignature: return 0
        case .doesNotVerify: return 1
        case .otherDigest, .otherRepository: return 2
        }
    }
}

/// One refused image.
public struct SignatureRefusal: Sendable, Equatable, CustomStringConvertible {
    public var image: String
    public var digest: Digest
    public var reason: SignatureRefusalReason
    public var description: String { "\(image) (\(digest)): \(reason)" }
}

/// The images that failed the signature check; thrown before anything is copied.
public struct SignatureCheckError: Error, Sendable, CustomStringConvertible {
    public var refusals: [SignatureRefusal]
    /// Images that did verify (reported alongside, so the count is never lost).
    public var verified: Int

    public var description: String {
        let lines = refusals.map { "  \($0)" }.joined(separator: "\n")
        return "--verify-signatures refused \(refusals.count) image(s) (\(verified) verified); nothing was copied:\n\(lines)"
    }
}
