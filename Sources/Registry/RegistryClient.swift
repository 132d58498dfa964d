import Config
import Foundation
import Synchronization
import OCI

/// A repository on a registry: the unit that auth scopes, blob presence and mounts are about.
public struct Repository: Sendable, Hashable, CustomStringConvertible {
    public var registry: String
    public var name: String
    public init(registry: String, name: String) {
        self.registry = registry
        self.name = name
    }
    public init(_ reference: Reference) {
        self.init(registry: reference.registry, name: reference.repository)
    }
    public var description: String { "\(registry)/\(name)" }
}

/// Everything the client needs to know about its environment.
public struct RegistryClientOptions: Sendable {
    public var configuration: FerryConfiguration
    public var credentials: CredentialStore
    public var certificates: CertificateDirectories
    public var retry: RetryPolicy
    public var limits: TransferLimits
    public var userAgent: String

    public init(configuration: FerryConfiguration = FerryConfiguration(),
                credentials: CredentialStore? = nil,
                certificates: CertificateDirectories = CertificateDirectories(),
                retry: RetryPolicy = RetryPolicy(), limits: TransferLimits = TransferLimits(),
                userAgent: String = "ferry/\(FerryVersion.current)") {
        self.configuration = configuration
        self.credentials = credentials ?? CredentialStore(authFile: configuration.registryAuthFile)
        self.certificates = certificates
        self.retry = retry
        self.limits = limits
        self.userAgent = userAgent
    }

    /// The options a command line run uses: `configuration`, with the retry count and transfer
    /// limits from `FERRY_*` variables in `environment` (a set but unusable value is an error).
    public init(configuration: FerryConfiguration, environment: [String: String]) throws {
        self.init(configuration: configuration, retry: try RetryPolicy(environment: environment),
                  limits: try TransferLimits(environment: environment))
    }
}

/// The OCI distribution client every ferry stage shares. Safe to use from many tasks at once:
/// connections, auth challenges and tokens are shared; each call is independent.
public final class RegistryClient: Sendable {
    public let options: RegistryClientOptions
    let transport: HTTPTransport
    let auth: AuthManager
    let resolver: EndpointResolver
    let preferred = EndpointMemory()

    public init(options: RegistryClientOptions = RegistryClientOptions()) {
        self.options = options
        self.transport = HTTPTransport(limits: options.limits)
        self.resolver = EndpointResolver(configuration: options.configuration, certificates: options.certificates)
        self.auth = AuthManager(credentials: options.credentials, transport: transport, resolver: resolver, retry: options.retry)
    }

    /// One logical registry call: the request is rebuilt for every try (new Range, new body).
    struct Call: Sendable {
        var registry: String
        var method: String
        /// "/v2/..." relative to the endpoint, or an absolute URL (an upload Location).
        var path: String
        var scopes: [AuthScope]
        var operation: String
        var forPush = false
        /// Whether a transport failure may be retried by resending (false for one-shot streams).
        var replayable = true
        var accept: [String] = []
        var build: @Sendable (inout HTTPRequest) throws -> Void = { _ in }
        /// Bytes of progress so far: a try that advanced it does not use up the retry budget.
        var progress: @Sendable () -> Int64 = { 0 }
        /// Tries per endpoint, when fewer than the policy's (a best-effort cleanup).
        var attempts: Int?
    }

    /// Sends a call with endpoint fallback, auth, and retries; returns the final response,
    /// whatever its status (callers decide what a 404 means).
    func send(_ call: Call) async throws -> HTTPResponse {
        let endpoints = try endpoints(for: call.registry, forPush: call.forPush)
        guard !endpoints.isEmpty else {
            throw RegistryError(.invalidInput, operation: call.operation, detail: "no endpoint configured for \(call.registry)")
        }
        let start = preferred.index(for: call.registry, count: endpoints.count)
        var unreachable = EndpointFailures()
        for offset in 0..<endpoints.count {
            let index = (start + offset) % endpoints.count
            let endpoint = endpoints[index]
            do {
                let response = try await send(call, to: endpoint)
                preferred.remember(index, for: call.registry)
                let more = offset < endpoints.count - 1
                if more && endpoint.isMirror && (response.status == 404 || response.status >= 500) { continue }
                return response
            } catch let error as TransportError where [.connect, .refused, .tls].contains(error.kind) {
                unreachable.add(error, endpoint: endpoint)
                continue
            } catch {
                throw RegistryError.wrap(error, operation: call.operation)
            }
        }
        throw unreachable.error(operation: call.operation)
    }

    private func send(_ call: Call, to endpoint: Endpoint) async throws -> HTTPResponse {
        let host = EndpointResolver.host(ofURL: endpoint.baseURL)
        let policy = options.retry
        var failures = 0
        var tries = 0
        var authRetried = false
        var lastProgress = call.progress()
        while true {
            try Task.checkCancellation()
            let url = absoluteURL(call.path, endpoint: endpoint)
            var request = HTTPRequest(method: call.method, url: url, tls: endpoint.tls)
            request.headers.set("User-Agent", options.userAgent)
            if !call.accept.isEmpty { request.headers.set("Accept", call.accept.joined(separator: ", ")) }
            // Credentials go only to the endpoint itself: an absolute Location or Link naming
            // another host, or plain HTTP where the endpoint is HTTPS, gets none.
            var sentAuthorization: String?
            let ownOrigin = Self.sameOrigin(url, endpoint.baseURL)
            if ownOrigin,
               let authorization = try await auth.authorization(host: host, registry: call.registry, scopes: call.scopes, endpoint: endpoint) {
                request.headers.set("Authorization", authorization)
                sentAuthorization = authorization
            }
            try call.build(&request)
            let response: HTTPResponse
            do {
                response = try await transport.perform(request)
            } catch var error as TransportError where error.isRetryable {
                // A try that moved bytes forward earns a fresh budget, unless it ended in a stall:
                // a peer that stalls after every resume would otherwise be resumed for ever.
                let progress = call.progress()
                if progress > lastProgress && error.kind != .timeout { failures = 0 }
                lastProgress = max(lastProgress, progress)
                failures += 1
                tries += 1
                let refused = error.kind == .refused
                let most = call.attempts ?? policy.maxAttempts
                let budget = refused ? min(most, RetryPolicy.refusedAttempts) : most
                guard call.replayable, failures < budget, tries < max(policy.maxResumes, budget) else {
                    error.tries = tries
                    throw error
                }
                try await policy.pause(after: failures, refused: refused)
                continue
            }
            // Only the endpoint's own challenges are learned: another host's 401 must not
            // redirect the registry's credentials to its realm.
            if response.status == 401 && !authRetried && ownOrigin {
                authRetried = true
                // A streamed body is half read by now: learn the challenge, and let the caller
                // start a new session rather than resend from the middle of the stream.
                if await auth.handleUnauthorized(host: host, registry: call.registry, response: response,
                                                 scopes: call.scopes, sent: sentAuthorization), call.replayable {
                    continue
                }
            }
            if RetryPolicy.isRetryable(status: response.status) && call.replayable {
                failures += 1
                if failures < call.attempts ?? policy.maxAttempts {
                    guard try await policy.pause(after: failures, retryAfter: response.headers["Retry-After"]) else { return response }
                    continue
                }
            }
            return response
        }
    }

    /// Endpoints per registry, resolved once: resolution reads certs.d directories and CA files.
    func endpoints(for registry: String, forPush: Bool) throws -> [Endpoint] {
        let key = "\(forPush ? "push" : "pull") \(registry)"
        if let cached = preferred.endpoints(key) { return cached }
        let resolved = try resolver.endpoints(for: registry, forPush: forPush)
        preferred.store(resolved, key: key)
        return resolved
    }

    /// Whether `url` has the scheme, host and port of `base`, compared as URLs: host case and an
    /// explicit default port (":443", which some proxies put in Location) do not matter.
    static func sameOrigin(_ url: String, _ base: String) -> Bool {
        guard let a = URLComponents(string: url), let b = URLComponents(string: base),
              let schemeA = a.scheme?.lowercased(), let schemeB = b.scheme?.lowercased(),
              let hostA = a.host?.lowercased(), let hostB = b.host?.lowercased() else { return false }
        func port(_ c: URLComponents, _ scheme: String) -> Int { c.port ?? (scheme == "https" ? 443 : 80) }
        return schemeA == schemeB && hostA == hostB && port(a, schemeA) == port(b, schemeB)
    }

    private func absoluteURL(_ path: String, endpoint: Endpoint) -> String {
        if path.hasPrefix("http://") || path.hasPrefix("https://") { return path }
        return endpoint.baseURL + path
    }
}

/// Resolved endpoints per registry, and which one answered last, so a probe (HTTPS then HTTP)
/// happens once per run.
final class EndpointMemory: Sendable {
    private struct State {
        var chosen: [String: Int] = [:]
        var resolved: [String: [Endpoint]] = [:]
        var withoutReferrersAPI: Set<String> = []
    }
    private let state = Mutex(State())

    /// Whether `registry` answered that it has no referrers API (then the tag fallback is used
    /// straight away, one request per subject fewer).
    func lacksReferrersAPI(_ registry: String) -> Bool {
        state.withLock { $0.withoutReferrersAPI.contains(registry) }
    }

    func rememberNoReferrersAPI(_ registry: String) {
        state.withLock { _ = $0.withoutReferrersAPI.insert(registry) }
    }

    func endpoints(_ key: String) -> [Endpoint]? {
        state.withLock { $0.resolved[key] }
    }

    func store(_ endpoints: [Endpoint], key: String) {
        state.withLock { $0.resolved[key] = endpoints }
    }

    func index(for registry: String, count: Int) -> Int {
        state.withLock { min($0.chosen[registry] ?? 0, max(0, count - 1)) }
    }

    func remember(_ index: Int, for registry: String) {
        state.withLock { $0.chosen[registry] = index }
    }
}
