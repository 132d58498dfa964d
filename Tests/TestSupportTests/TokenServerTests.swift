import Foundation
import Testing
@testable import TestSupport

/// Fetches a token over HTTP with curl, as a client would; nil on a non-200 answer.
func fetchToken(_ server: TokenServer, scope: String?, credentials: String?) throws -> (status: Int, token: String?) {
    var url = server.realm + "?service=\(server.service)"
    if let scope { url += "&scope=\(scope)" }
    var arguments = ["-s", "-w", "\n%{http_code}"]
    if let credentials { arguments += ["-u", credentials] }
    let output = try TestTools.runChecked("curl", arguments + [url]).stdout
    let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
    let status = Int(lines.last ?? "") ?? -1
    let body = lines.dropLast().joined(separator: "\n")
    let object = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
    if let object, status == 200 {
        #expect(object["access_token"] as? String == object["token"] as? String)
        #expect(object["expires_in"] as? Int == server.tokenLifetime)
        #expect(object["issued_at"] is String)
    }
    return (status, object?["token"] as? String)
}

@Suite("TokenServer")
struct TokenServerTests {
    @Test("token mode: 401 challenge names the realm; a fetched token gets 200")
    func bearerFlow() async throws {
        let registry = try await RegistryServer.start(.token(username: "bob", password: "pw", anonymousPull: false))
        defer { registry.stop() }
        let tokens = try #require(registry.tokenServer)
        let challenge = try registry.request("GET", "/v2/", authenticated: false)
        #expect(challenge.status == 401)
        #expect(challenge.header("WWW-Authenticate")?.contains("realm=\"\(tokens.realm)\"") == true)

        let (status, token) = try fetchToken(tokens, scope: nil, credentials: "bob:pw")
        #expect(status == 200)
        let bearer = try #require(token)
        #expect(try curlStatus(registry.baseURL + "/v2/", ["-H", "Authorization: Bearer \(bearer)"]) == 200)
        #expect(try curlStatus(registry.baseURL + "/v2/", ["-H", "Authorization: Bearer \(bearer)x"]) == 401)
        #expect(tokens.requestCount == 1)
    }

    @Test("scopes: push granted to the user, pull-only token cannot push; statistics record scopes")
    func scopes() async throws {
        let registry = try await RegistryServer.start(.token(username: "bob", password: "pw", anonymousPull: true))
        defer { registry.stop() }
        let tokens = try #require(registry.tokenServer)
        let upload = registry.baseURL + "/v2/team/app/blobs/uploads/"

        let anonymous = try fetchToken(tokens, scope: "repository:team/app:pull,push", credentials: nil)
        #expect(anonymous.status == 200)
        let pullOnly = try #require(anonymous.token)
        #expect(try curlStatus(upload, ["-X", "POST", "-H", "Authorization: Bearer \(pullOnly)"]) == 401)

        let user = try fetchToken(tokens, scope: "repository:team/app:pull,push", credentials: "bob:pw")
        let pushToken = try #require(user.token)
        #expect(try curlStatus(upload, ["-X", "POST", "-H", "Authorization: Bearer \(pushToken)"]) == 202)
        // The anonymous pull token can read what was pushed (by the helper, with a minted token
        // that does not count in the statistics).
        let digest = try registry.uploadBlob(Data("scoped".utf8), repository: "team/app")
        #expect(try curlStatus(registry.baseURL + "/v2/team/app/blobs/\(digest)", ["-H", "Authorization: Bearer \(pullOnly)"]) == 200)

        #expect(try fetchToken(tokens, scope: "repository:team/app:pull", credentials: "bob:wrong").status == 401)
        #expect(tokens.requestCount == 3)
        #expect(tokens.issuedScopes == Array(repeating: "repository:team/app:pull,push", count: 2) + ["repository:team/app:pull"])
        tokens.resetStatistics()
        #expect(tokens.requestCount == 0 && tokens.issuedScopes.isEmpty)
    }

    @Test("no anonymous pull: a request without credentials is refused")
    func anonymousRefused() async throws {
        let tokens = try TokenServer(username: "bob", password: "pw", anonymousPull: false)
        defer { tokens.stop() }
        #expect(try fetchToken(tokens, scope: "repository:x:pull", credentials: nil).status == 401)
        #expect(try fetchToken(tokens, scope: "repository:x:pull", credentials: "bob:pw").status == 200)
    }

    @Test("OAuth2 POST password grant returns a token and a refresh token")
    func oauthPost() throws {
        let tokens = try TokenServer(username: "bob", password: "pw", anonymousPull: false)
        defer { tokens.stop() }
        let form = "grant_type=password&username=bob&password=pw&service=\(tokens.service)&scope=repository:x:pull&client_id=ferry"
        let result = try TestTools.runChecked("curl", ["-s", "-X", "POST", "--data", form, tokens.realm])
        let object = try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any])
        #expect(object["access_token"] is String)
        let refresh = try #require(object["refresh_token"] as? String)
        let again = try TestTools.runChecked("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST", "--data",
            "grant_type=refresh_token&refresh_token=\(refresh)&service=\(tokens.service)&client_id=ferry", tokens.realm])
        #expect(again.stdout == "200")
        let bad = try TestTools.runChecked("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST", "--data",
            "grant_type=password&username=bob&password=nope&service=\(tokens.service)", tokens.realm])
        #expect(bad.stdout == "401")
    }

    @Test("scope strings parse like docker's")
    func scopeParsing() {
        #expect(TokenScope(parsing: "repository:a/b:pull,push") == TokenScope(type: "repository", name: "a/b", actions: ["pull", "push"]))
        #expect(TokenScope(parsing: "registry:catalog:*")?.actions == ["*"])
        #expect(TokenScope(parsing: "nonsense") == nil)
    }
}
