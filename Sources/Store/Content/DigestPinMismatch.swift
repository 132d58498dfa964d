import OCI

/// A destination written `REPO@DIGEST` names the manifest it must receive. Pushing another one
/// would store it under its own digest and report success while the pinned reference still
/// resolves to nothing (or to something else), so copy, gather and scatter refuse it up front.
public struct DigestPinMismatch: Error, Sendable, CustomStringConvertible {
    /// The destination as the user (or the mapping rule) wrote it.
    public var destination: String
    public var pinned: Digest
    public var actual: Digest
    /// The mapping rule that produced the destination (`map.csv:3`), when there is one.
    public var rule: String?

    public var description: String {
        (rule.map { "\($0): " } ?? "") + "destination \(destination) pins \(pinned) but the image is \(actual); "
            + "pin the image's own digest or write a tag"
    }

    /// The one rule: a pinned destination must receive the manifest with that digest.
    public static func check(_ destination: Reference, receives actual: Digest, rule: String? = nil) throws {
        guard let pinned = destination.digest, pinned != actual else { return }
        throw DigestPinMismatch(destination: destination.description, pinned: pinned, actual: actual, rule: rule)
    }
}
