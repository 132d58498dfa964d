import Foundation

/// One `scope` parameter of a token request, e.g. `repository:team/app:pull,push`.
/// Internal so it can never clash with the Registry module's own scope type in tests that
/// import both.
struct TokenScope: Sendable, Equatable, CustomStringConvertible {
    var type: String
    var name: String
    var actions: [String]

    init(type: String, name: String, actions: [String]) {
        self.type = type
        self.name = name
        self.actions = actions
    }

    /// Parses `type:name:actions`. The name is everything between the first and the last colon,
    /// so a name that itself holds a colon still parses as docker's token server would.
    init?(parsing text: String) {
        guard let first = text.firstIndex(of: ":"), let last = text.lastIndex(of: ":"), first < last else { return nil }
        type = String(text[..<first])
        name = String(text[text.index(after: first)..<last])
        actions = text[text.index(after: last)...].split(separator: ",").map(String.init)
        if type.isEmpty || name.isEmpty { return nil }
    }

    var description: String { "\(type):\(name):\(actions.joined(separator: ","))" }
}

/// Builds the JWTs distribution's `auth: token` accepts (registry/auth/token in distribution 2.8).
///
/// What the registry checks, and therefore what this must produce: `iss` equal to the configured
/// issuer, `aud` (a single string in 2.8) equal to the service, `exp`/`nbf` within 60 s leeway, an
/// RS256 signature whose key is found through the `x5c` header (the first certificate must chain
/// to `rootcertbundle`; our signing certificate *is* the bundle), and an `access` list of
/// `{type, name, actions}` granting what the request needs.
struct RegistryTokenMinter: Sendable {
    let issuer: String
    let audience: String
    let signer: RSASigner
    let certificateDERBase64: String

    func mint(subject: String, access: [TokenScope], lifetime: Int, now: Date = Date()) throws -> String {
        let header: [String: Any] = ["typ": "JWT", "alg": "RS256", "x5c": [certificateDERBase64]]
        let issuedAt = Int(now.timeIntervalSince1970)
        let claims: [String: Any] = [
            "iss": issuer,
            "sub": subject,
            "aud": audience,
            "exp": issuedAt + lifetime,
            "nbf": issuedAt - 1,
            "iat": issuedAt,
            "jti": UUID().uuidString,
            "access": access.map { ["type": $0.type, "name": $0.name, "actions": $0.actions] as [String: Any] },
        ]
        let signingInput = try Self.base64URL(JSONSerialization.data(withJSONObject: header, options: [.sortedKeys]))
            + "." + Self.base64URL(JSONSerialization.data(withJSONObject: claims, options: [.sortedKeys]))
        let signature = try signer.sign(Data(signingInput.utf8))
        return signingInput + "." + Self.base64URL(signature)
    }

    /// Unpadded base64url (RFC 7515 section 2), which libtrust's decoder expects.
    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
