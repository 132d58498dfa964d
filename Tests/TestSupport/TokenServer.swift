import Foundation

/// A docker-style token server (the `realm` of a registry's Bearer challenge) on 127.0.0.1.
///
/// It issues RS256 JWTs the registry's `auth: token` config trusts, following the rules the
/// tests need to be able to observe:
/// - valid Basic credentials (or an OAuth2 `grant_type=password` POST) get the requested actions;
/// - no credentials get `pull` only when `anonymousPull`, else 401;
/// - wrong credentials get 401.
/// `requestCount` and `issuedScopes` let tests assert that a client caches and reuses tokens.
public final class TokenServer: @unchecked Sendable {
    /// Token endpoint URL, `http://127.0.0.1:PORT/token`.
    public let realm: String
    /// The `service` the registry names in its challenge and the token's audience.
    public let service: String
    /// The `iss` claim the registry is configured to trust.
    public let issuer: String
    public let username: String
    public let password: String
    public let anonymousPull: Bool

    private let minter: RegistryTokenMinter
    private let lock = NSLock()
    private var server: ConnectionServer?
    private var count = 0
    private var scopes: [String] = []
    private var lifetime = 300
    private var refreshTokens: Set<String> = []

    /// Starts a token server on a free port.
    public init(
        username: String,
        password: String,
        anonymousPull: Bool,
        service: String = "ferry-test-registry",
        issuer: String = "ferry-test-token-server"
    ) throws {
        let certificates = try TestCertificates.shared()
        minter = RegistryTokenMinter(
            issuer: issuer,
            audience: service,
            signer: try RSASigner(privateKeyPEM: Data(contentsOf: certificates.tokenKey)),
            certificateDERBase64: try certificates.tokenCertificateDERBase64())
        self.username = username
        self.password = password
        self.anonymousPull = anonymousPull
        self.service = service
        self.issuer = issuer
        let box = WeakTokenServer()
        let server = try ConnectionServer(name: "token-server") { connection in
            box.value?.serve(connection)
        }
        realm = "http://127.0.0.1:\(server.port)/token"
        self.server = server
        box.value = self
    }

    deinit {
        stop()
    }

    /// Requests received on the token endpoint, granted or not.
    public var requestCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return count
    }

    /// Every `scope` parameter received, in arrival order (granted or not).
    public var issuedScopes: [String] {
        lock.lock()
        defer { lock.unlock() }
        return scopes
    }

    /// `expires_in` and the JWT lifetime for tokens issued from now on (default 300 s).
    /// Note the registry allows 60 s of clock-skew leeway past `exp`.
    public var tokenLifetime: Int {
        get {
            lock.lock()
            defer { lock.unlock() }
            return lifetime
        }
        set {
            lock.lock()
            lifetime = newValue
            lock.unlock()
        }
    }

    /// Forgets `requestCount` and `issuedScopes`, e.g. after fixtures were pushed.
    public func resetStatistics() {
        lock.lock()
        count = 0
        scopes = []
        lock.unlock()
    }

    /// A token for `scopes` (e.g. `repository:app:pull,push`) minted directly, without an HTTP
    /// request and without touching the statistics; for test helpers that talk to the registry.
    public func mintToken(scopes: [String], subject: String? = nil) throws -> String {
        try minter.mint(
            subject: subject ?? username,
            access: scopes.compactMap(TokenScope.init(parsing:)),
            lifetime: tokenLifetime)
    }

    /// Stops listening and closes open connections. Idempotent.
    public func stop() {
        lock.lock()
        let server = self.server
        self.server = nil
        lock.unlock()
        server?.stop()
    }

    // MARK: - Serving

    private func serve(_ connection: SocketConnection) {
        while let head = try? connection.readHead() {
            if head.value("Expect")?.lowercased() == "100-continue" {
                try? connection.write(Data("HTTP/1.1 100 Continue\r\n\r\n".utf8))
            }
            guard let body = try? connection.readBody(BodyFraming.request(head)) else { return }
            let response = respond(method: head.method, target: head.target, head: head, body: body)
            guard (try? connection.write(response)) != nil, !head.wantsClose else { return }
        }
    }

    private func respond(method: String, target: String, head: HTTPHead, body: Data) -> Data {
        guard let components = URLComponents(string: target), components.path == "/token" else {
            return Self.json(404, ["errors": [["code": "NOT_FOUND", "message": "no such endpoint \(target)"]]])
        }
        var parameters: [(String, String)] = (components.queryItems ?? []).map { ($0.name, $0.value ?? "") }
        if method == "POST" {
            var form = URLComponents()
            form.percentEncodedQuery = String(decoding: body, as: UTF8.self).replacingOccurrences(of: "+", with: "%20")
            parameters += (form.queryItems ?? []).map { ($0.name, $0.value ?? "") }
        } else if method != "GET" {
            return Self.json(405, ["errors": [["code": "UNSUPPORTED", "message": "use GET or POST"]]])
        }
        let requested = parameters.filter { $0.0 == "scope" }.flatMap { $0.1.split(separator: " ").map(String.init) }
        lock.lock()
        count += 1
        scopes += requested
        let lifetime = self.lifetime
        lock.unlock()

        if let asked = parameters.first(where: { $0.0 == "service" })?.1, asked != service {
            return Self.json(400, ["errors": [["code": "DENIED", "message": "unknown service \(asked)"]]])
        }
        let identity: String?
        switch authenticate(method: method, head: head, parameters: parameters) {
        case .failure: return unauthorized()
        case .success(let user): identity = user
        }
        if identity == nil && !anonymousPull { return unauthorized() }

        let granted: [TokenScope] = requested.compactMap(TokenScope.init(parsing:)).map { scope in
            var scope = scope
            let allowed: Set<String> = identity == nil ? ["pull"] : ["pull", "push", "delete", "*"]
            scope.actions = scope.actions.filter(allowed.contains)
            return scope
        }
        do {
            let token = try minter.mint(subject: identity ?? "", access: granted, lifetime: lifetime)
            var reply: [String: Any] = [
                "token": token,
                "access_token": token,
                "expires_in": lifetime,
                "issued_at": ISO8601DateFormatter().string(from: Date()),
            ]
            let wantsRefresh = method == "POST"
                || parameters.contains { $0.0 == "offline_token" && $0.1 == "true" }
            if let identity, wantsRefresh {
                let refresh = "refresh-\(identity)-\(UUID().uuidString)"
                lock.lock()
                refreshTokens.insert(refresh)
                lock.unlock()
                reply["refresh_token"] = refresh
            }
            return Self.json(200, reply)
        } catch {
            return Self.json(500, ["errors": [["code": "UNKNOWN", "message": "\(error)"]]])
        }
    }

    private enum Authentication {
        /// Authenticated as the user, or anonymous (nil).
        case success(String?)
        case failure
    }

    /// Basic credentials for GET; `grant_type=password|refresh_token` for OAuth2 POST.
    private func authenticate(method: String, head: HTTPHead, parameters: [(String, String)]) -> Authentication {
        func parameter(_ name: String) -> String? { parameters.first { $0.0 == name }?.1 }
        if method == "POST", let grant = parameter("grant_type") {
            switch grant {
            case "password":
                return parameter("username") == username && parameter("password") == password
                    ? .success(username) : .failure
            case "refresh_token":
                lock.lock()
                let known = parameter("refresh_token").map(refreshTokens.contains) ?? false
                lock.unlock()
                return known ? .success(username) : .failure
            default:
                return .failure
            }
        }
        guard let header = head.value("Authorization") else { return .success(nil) }
        guard header.lowercased().hasPrefix("basic "),
              let decoded = Data(base64Encoded: String(header.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
              let text = String(data: decoded, encoding: .utf8),
              let colon = text.firstIndex(of: ":")
        else { return .failure }
        let user = String(text[..<colon])
        let secret = String(text[text.index(after: colon)...])
        return user == username && secret == password ? .success(user) : .failure
    }

    private func unauthorized() -> Data {
        HTTPHead.response(
            status: 401,
            fields: [
                HTTPField(name: "Content-Type", value: "application/json"),
                HTTPField(name: "WWW-Authenticate", value: "Basic realm=\"ferry-test-token-server\""),
            ],
            body: Data(#"{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}"#.utf8))
    }

    private static func json(_ status: Int, _ object: [String: Any]) -> Data {
        let body = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return HTTPHead.response(
            status: status, fields: [HTTPField(name: "Content-Type", value: "application/json")], body: body)
    }
}

/// Lets the connection handler reach the server without a retain cycle (the accept thread owns
/// the handler; the handler must not own the server, or `deinit` could never run).
private final class WeakTokenServer: @unchecked Sendable {
    weak var value: TokenServer?
}
