/// A credential for one registry, as found by `CredentialStore`.
///
/// Every textual form (`description`, `debugDescription`, `dump`) redacts the secret, so a
/// credential can be logged or interpolated into an error without leaking it.
public enum RegistryCredential: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// A user name and password (or a personal access token used as a password).
    case basic(username: String, password: String)
    /// An OAuth2 refresh token (docker's `identitytoken`), exchanged at the token endpoint.
    case identityToken(String)

    public var description: String {
        switch self {
        case let .basic(username, _): return "basic(user=\(username), password=<redacted>)"
        case .identityToken: return "identityToken(<redacted>)"
        }
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        switch self {
        case let .basic(username, _):
            return Mirror(self, children: ["username": username, "password": "<redacted>"])
        case .identityToken:
            return Mirror(self, children: ["identityToken": "<redacted>"])
        }
    }
}
