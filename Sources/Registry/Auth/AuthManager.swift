import Config
import Foundation

/// Remembers how each registry host authenticates and caches bearer tokens per host and scope.
///
/// The first 401 from a host teaches its challenge; after that, requests carry credentials up
/// front so each operation costs one round trip. Token fetches for the same key are
/// single-flighted: eight parallel layer pulls make one token request, not eight.
actor AuthManager {
    private struct Token { var value: String; var expires: Date }

    private let credentials: CredentialStore
    private let transport: HTTPTransport
    private let resolver: EndpointResolver
    private let retry: RetryPolicy
    private var challenges: [String: AuthChallenge] = [:]
    private var tokens: [String: Token] = [:]
    private var inFlight: [String: Task<Token, any Error>] = [:]

    init(credentials: CredentialStore, transport: HTTPTransport, resolver: EndpointResolver, retry: RetryPolicy) {
        self.credentials = credentials
        self.transport = transport
        self.resolver = resolver
        self.retry = retry
    }

    /// The Authorization header to send to `host` for `scopes`, if the host is known to want one.
    func authorization(host: String, registry: String, scopes: [AuthScope], endpoint: Endpoint) async throws -> String? {
        guard let challenge = challenges[host] else { return nil }
        switch challenge.scheme {
        case "basic":
            guard case .basic(let user, let password)? = try credential(registry) else { return nil }
            return "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
        case "bearer":
            let token = try await bearer(host: host, registry: registry, scopes: scopes, challenge: challenge, endpoint: endpoint)
            return "Bearer \(token.value)"
        default:
            return nil
        }
    }

    /// Learns from a 401. Returns true when a retry with new credentials can succeed.
    /// `sent` is the Authorization that got the 401: only that token is dropped, so a token a
    /// concurrent request just fetched survives.
    func handleUnauthorized(host: String, registry: String, response: HTTPResponse, scopes: [AuthScope], sent: String?) -> Bool {
        let parsed = response.headers.values("WWW-Authenticate").compactMap(AuthChallenge.init(header:))
        guard var challenge = parsed.first(where: { $0.scheme == "bearer" }) ?? parsed.first(where: { $0.scheme == "basic" }) else {
            return false
        }
        // The scope belongs to the request that was refused; later tokens ask for their own.
        challenge.parameters["scope"] = nil
        challenges[host] = challenge
        let key = tokenKey(host: host, scopes: scopes)
        if let token = tokens[key], sent == "Bearer \(token.value)" { tokens[key] = nil }
        return true
    }

    private func credential(_ registry: String) throws -> RegistryCredential? {
        do {
            return try credentials.credential(forRegistry: registry)
        } catch {
            throw RegistryError(.invalidInput, operation: "credentials for \(registry)", detail: "\(error)")
        }
    }

    private func tokenKey(host: String, scopes: [AuthScope]) -> String {
        host + " " + scopes.sorted().map(\.description).joined(separator: " ")
    }

    private func bearer(host: String, registry: String, scopes: [AuthScope], challenge: AuthChallenge, endpoint: Endpoint) async throws -> Token {
        let key = tokenKey(host: host, scopes: scopes)
        if let token = tokens[key], token.expires > Date() { return token }
        if let task = inFlight[key] { return try await task.value }
        let credential = try credential(registry)
        let transport = self.transport
        let tls = try Self.realmTLS(challenge.realm ?? "", endpoint: endpoint, resolver: resolver)
        let retry = self.retry
        let task = Task { try await Self.fetchToken(challenge: challenge, scopes: scopes, credential: credential,
                                                    endpoint: endpoint, tls: tls, transport: transport, retry: retry) }
        inFlight[key] = task
        defer { inFlight[key] = nil }
        let token = try await task.value
        tokens[key] = token
        return token
    }

    /// TLS for the token realm: its own host's certificates, never the registry's (a client
    /// certificate or skipped verification meant for the registry must not reach another host).
    static func realmTLS(_ realm: String, endpoint: Endpoint, resolver: EndpointResolver) throws -> TLSOptions {
        let realmHost = EndpointResolver.host(ofURL: realm)
        if realmHost == EndpointResolver.host(ofURL: endpoint.baseURL) { return endpoint.tls }
        let origin = realm.split(separator: "/", maxSplits: 3, omittingEmptySubsequences: false).prefix(3).joined(separator: "/")
        var own = try resolver.tlsOptions(url: origin, host: realmHost)
        // A realm without TLS settings of its own trusts what the registry trusts (a private CA
        // usually signs both), as docker does, but never gets the registry's client certificate.
        if own == TLSOptions() {
            own.extraCAPEM = endpoint.tls.extraCAPEM
            own.insecureSkipVerify = endpoint.tls.insecureSkipVerify
        }
        return own
    }

    /// The token flow of the distribution spec: GET realm?service&scope with Basic credentials
    /// (or none, for anonymous pull tokens as Docker Hub issues), or the OAuth2 refresh-token POST
    /// when the credential is an identity token.
    private static func fetchToken(challenge: AuthChallenge, scopes: [AuthScope], credential: RegistryCredential?,
                                   endpoint: Endpoint, tls: TLSOptions, transport: HTTPTransport,
                                   retry: RetryPolicy) async throws -> Token {
        let operation = "token for \(scopes.map(\.description).joined(separator: " "))"
        guard let realm = challenge.realm, var components = URLComponents(string: realm),
              let scheme = components.scheme, let realmHost = components.host else {
            throw RegistryError(.protocolViolation, operation: operation, detail: "bearer challenge without a usable realm")
        }
        // Never send a password in clear text to a realm unless the registry itself is plain HTTP or loopback.
        if scheme != "https" && credential != nil && !endpoint.isPlainHTTP && !EndpointResolver.isLoopback(realmHost) {
            throw RegistryError(.insecure, operation: operation, detail: "refusing to send credentials to non-HTTPS realm \(realm.redactedURL)")
        }
        var headers = HTTPHeaders()
        var request: HTTPRequest
        let scopeValues = Set(scopes.map(\.description) + (challenge.scope.map { [$0] } ?? [])).sorted()
        switch credential {
        case .identityToken(let refresh)?:
            var form = URLComponents()
            form.queryItems = [URLQueryItem(name: "grant_type", value: "refresh_token"),
                               URLQueryItem(name: "refresh_token", value: refresh),
                               URLQueryItem(name: "client_id", value: "ferry"),
                               URLQueryItem(name: "service", value: challenge.service ?? ""),
                               URLQueryItem(name: "scope", value: scopeValues.joined(separator: " "))]
            headers.set("Content-Type", "application/x-www-form-urlencoded")
            let body = Data((form.percentEncodedQuery ?? "").utf8)
            request = HTTPRequest(method: "POST", url: realm, headers: headers, body: .bytes(body), tls: tls)
        case .basic(let user, let password)?:
            headers.set("Authorization", "Basic " + Data("\(user):\(password)".utf8).base64EncodedString())
            fallthrough
        case nil:
            var items = components.queryItems ?? []
            if let service = challenge.service { items.append(URLQueryItem(name: "service", value: service)) }
            items += scopeValues.map { URLQueryItem(name: "scope", value: $0) }
            components.queryItems = items
            request = HTTPRequest(method: "GET", url: components.string ?? realm, headers: headers, tls: tls)
        }
        var response: HTTPResponse
        var attempt = 0
        while true {
            attempt += 1
            do {
                response = try await transport.perform(request)
            } catch let error as TransportError where error.isRetryable && attempt < retry.maxAttempts {
                try await retry.pause(after: attempt)
                continue
            } catch {
                throw RegistryError.wrap(error, operation: operation)
            }
            guard RetryPolicy.isRetryable(status: response.status), attempt < retry.maxAttempts,
                  try await retry.pause(after: attempt, retryAfter: response.headers["Retry-After"]) else { break }
        }
        guard response.isSuccess else {
            var failure = RegistryError.from(response, operation: operation)
            if response.status == 401 || response.status == 403 { failure.kind = .unauthorized }
            throw failure
        }
        struct Reply: Decodable {
            var token: String?; var access_token: String?; var expires_in: Double?
        }
        guard let reply = try? JSONDecoder().decode(Reply.self, from: response.body),
              let value = reply.token ?? reply.access_token, !value.isEmpty else {
            throw RegistryError(.protocolViolation, operation: operation, detail: "token server reply has no token")
        }
        // Refresh a little early so a token never expires between check and use.
        let lifetime = max(30, reply.expires_in ?? 60) - 10
        return Token(value: value, expires: Date().addingTimeInterval(lifetime))
    }
}
