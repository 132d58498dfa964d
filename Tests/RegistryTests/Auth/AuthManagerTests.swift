import ClientTestSupport
import Config
import Foundation
import Testing
import TestSupport
@testable import Registry

/// `AuthManager` on its own, against real registries (htpasswd Basic over TLS, Bearer from a
/// token server): what it sends, when it asks for a token, and what it never reveals.
@Suite(.serialized) struct AuthManagerTests {
    /// An auth manager for one registry, with the transport and endpoint it talks through.
    struct Harness {
        let server: RegistryServer
        let auth: AuthManager
        let transport = HTTPTransport()
        let endpoint: Endpoint
        private let authDirectory: URL?

        init(_ server: RegistryServer, username: String? = nil, password: String? = nil) throws {
            self.server = server
            var configuration = FerryConfiguration()
            configuration.registries[server.host] = RegistrySettings(endpoints: [server.baseURL])
            let environment = ["PATH": "/usr/bin:/bin"]
            var authFile: String?
            if let username, let password {
                authFile = try writeAuthFile(host: server.host, username: username, password: password)
            }
            authDirectory = authFile.map { URL(fileURLWithPath: $0).deletingLastPathComponent() }
            let resolver = EndpointResolver(
                configuration: configuration,
                certificates: CertificateDirectories(roots: server.certsDirectory.map { [$0.path] } ?? [], environment: environment))
            endpoint = try #require(try resolver.endpoints(for: server.host, forPush: false).first)
            auth = AuthManager(credentials: CredentialStore(authFile: authFile, environment: environment), transport: transport,
                               resolver: resolver, retry: RetryPolicy(maxAttempts: 2, baseDelay: 0.01, maxDelay: 0.05))
        }

        func remove() {
            if let authDirectory { try? FileManager.default.removeItem(at: authDirectory) }
        }

        /// GET `path` on the registry, with `authorization` when given.
        func get(_ path: String, authorization: String? = nil) async throws -> HTTPResponse {
            var request = HTTPRequest(method: "GET", url: endpoint.baseURL + path, tls: endpoint.tls)
            if let authorization { request.headers.set("Authorization", authorization) }
            return try await transport.perform(request)
        }

        func authorization(_ scopes: [AuthScope]) async throws -> String? {
            try await auth.authorization(host: server.host, registry: server.host, scopes: scopes, endpoint: endpoint)
        }

        /// Lets the registry refuse `path` once and teaches its challenge to the manager.
        func learnChallenge(_ path: String, scopes: [AuthScope], sent: String? = nil) async throws -> Bool {
            let refused = try await get(path, authorization: sent)
            #expect(refused.status == 401)
            return await auth.handleUnauthorized(host: server.host, registry: server.host, response: refused, scopes: scopes, sent: sent)
        }
    }

    static let app = "/v2/tok/app/tags/list"
    static let appScopes = [AuthScope.pull("tok/app")]

    @Test func basicCredentialsAreSentOnceTheHostAskedForThem() async throws {
        let server = try await RegistryServer.start(.tlsBasic(username: "alice", password: "basic-secret"))
        defer { server.stop() }
        let harness = try Harness(server, username: "alice", password: "basic-secret")
        defer { harness.remove() }
        #expect(try await harness.authorization([]) == nil, "nothing is sent before the host asks")
        #expect(try await harness.learnChallenge("/v2/", scopes: []))
        let header = try #require(try await harness.authorization([]))
        #expect(header == "Basic " + Data("alice:basic-secret".utf8).base64EncodedString())
        #expect(try await harness.get("/v2/", authorization: header).status == 200)

        let anonymous = try Harness(server)
        #expect(try await anonymous.learnChallenge("/v2/", scopes: []))
        #expect(try await anonymous.authorization([]) == nil, "no credentials: nothing to send")
    }

    /// Runs `body` with a token-mode registry (user bob) whose challenge the harness, holding
    /// `password`, has already learned; the token server's count starts at zero.
    private func withTokenRegistry(password: String = "token-secret",
                                   _ body: (Harness, TokenServer) async throws -> Void) async throws {
        let server = try await RegistryServer.start(.token(username: "bob", password: "token-secret", anonymousPull: false))
        defer { server.stop() }
        let tokens = try #require(server.tokenServer)
        let harness = try Harness(server, username: "bob", password: password)
        defer { harness.remove() }
        #expect(try await harness.learnChallenge(Self.app, scopes: Self.appScopes))
        tokens.resetStatistics()
        try await body(harness, tokens)
    }

    @Test func bearerTokensAreCachedPerScopeAndFetchedOnceForParallelCallers() async throws {
        try await withTokenRegistry { harness, tokens in
            let header = try #require(try await harness.authorization(Self.appScopes))
            #expect(header.hasPrefix("Bearer "))
            #expect(try await harness.get(Self.app, authorization: header).status != 401)
            #expect(try await harness.authorization(Self.appScopes) == header, "the cached token")
            #expect(tokens.requestCount == 1)

            // Another scope is another token, and the first one does not open it.
            let other = [AuthScope.pull("tok/other")]
            let otherHeader = try #require(try await harness.authorization(other))
            #expect(otherHeader != header && tokens.requestCount == 2)
            #expect(try await harness.get("/v2/tok/other/tags/list", authorization: header).status == 401)

            // Eight callers for a new scope at once: one token request.
            let parallel = [AuthScope.push("tok/parallel")]
            let headers = try await withThrowingTaskGroup(of: String?.self) { group in
                for _ in 0..<8 { group.addTask { try await harness.authorization(parallel) } }
                return try await group.reduce(into: Set<String?>()) { $0.insert($1) }
            }
            #expect(headers.count == 1 && tokens.requestCount == 3)
        }
    }

    @Test func aRefusedTokenIsReplacedButAConcurrentlyFetchedOneSurvives() async throws {
        try await withTokenRegistry { harness, tokens in
            let first = try #require(try await harness.authorization(Self.appScopes))

            // A 401 for a request that carried some older token: the cached one stays.
            #expect(try await harness.learnChallenge(Self.app, scopes: Self.appScopes, sent: "Bearer an-older-token"))
            #expect(try await harness.authorization(Self.appScopes) == first)
            #expect(tokens.requestCount == 1, "the first token only")

            // A 401 for the cached token itself (revoked, expired early): the next request gets a new one.
            #expect(await harness.auth.handleUnauthorized(host: harness.server.host, registry: harness.server.host,
                                                          response: try await harness.get("/v2/tok/other/tags/list", authorization: first),
                                                          scopes: Self.appScopes, sent: first))
            let second = try #require(try await harness.authorization(Self.appScopes))
            #expect(tokens.requestCount == 2)
            #expect(try await harness.get(Self.app, authorization: second).status != 401)
        }
    }

    @Test func aRefusedPasswordIsUnauthorizedAndNeverInTheError() async throws {
        let password = "wrong-token-password"
        try await withTokenRegistry(password: password) { harness, _ in
            do {
                _ = try await harness.authorization(Self.appScopes)
                Issue.record("a wrong password got a token")
            } catch let error as RegistryError {
                #expect(error.kind == .unauthorized)
                let text = "\(error) \(String(reflecting: error))"
                for secret in [password, Data("bob:\(password)".utf8).base64EncodedString()] {
                    #expect(!text.contains(secret), "\(text)")
                }
            }
        }
    }

    @Test func aRegistryWithoutAChallengeTeachesNothing() async throws {
        let server = try await RegistryServer.start(.plain)
        defer { server.stop() }
        let harness = try Harness(server)
        let answer = try await harness.get("/v2/")
        #expect(answer.status == 200)
        #expect(await harness.auth.handleUnauthorized(host: harness.server.host, registry: harness.server.host, response: answer,
                                                      scopes: [], sent: nil) == false)
        #expect(try await harness.authorization([]) == nil)
    }
}
