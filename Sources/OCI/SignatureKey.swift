import Foundation

/// A public key that signatures are checked against: ECDSA P-256 in PEM, as
/// `cosign generate-key-pair` writes `cosign.pub`.
///
/// Other key types are refused when the key is read, not when the first signature fails, so a
/// wrong file is reported at once and by name.
public struct SignatureKey: Sendable {
    /// Where the key came from (its file name), for messages.
    public let name: String
    private let key: OpenSSL.PublicKey

    /// Reads a PEM public key; `name` is used in messages only.
    public init(pem: Data, name: String) throws {
        guard let key = OpenSSL.PublicKey(pem: pem) else {
            throw SignatureKeyError(name: name, reason: "no PEM public key (-----BEGIN PUBLIC KEY-----) in it")
        }
        guard key.kind == "EC prime256v1" else {
            throw SignatureKeyError(name: name, reason: "\(key.kind) keys are not accepted; cosign key pairs are ECDSA P-256 (EC prime256v1)")
        }
        self.name = name
        self.key = key
    }

    /// True when `signature` (ASN.1 DER) is this key's ECDSA signature of SHA-256(`payload`).
    public func verifies(signature: Data, of payload: Data) -> Bool {
        key.verifiesSHA256(signature: signature, message: payload)
    }
}

/// A key file that cannot be used to check signatures.
public struct SignatureKeyError: Error, Sendable, Equatable, CustomStringConvertible {
    public var name: String
    public var reason: String
    public var description: String { "signature key \(name): \(reason)" }
}
