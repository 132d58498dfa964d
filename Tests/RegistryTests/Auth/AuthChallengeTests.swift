import Testing
@testable import Registry

@Suite struct AuthChallengeTests {
    @Test func parsesBearerWithQuotedCommas() throws {
        let header = #"Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/busybox:pull,push""#
        let challenge = try #require(AuthChallenge(header: header))
        #expect(challenge.scheme == "bearer")
        #expect(challenge.realm == "https://auth.docker.io/token")
        #expect(challenge.service == "registry.docker.io")
        #expect(challenge.scope == "repository:library/busybox:pull,push")
    }

    @Test(arguments: [
        (#"Basic realm="Registry Realm""#, "basic", "Registry Realm"),
        (#"basic realm=unquoted"#, "basic", "unquoted"),
        (#"Bearer realm="a\"b""#, "bearer", #"a"b"#),
    ])
    func parsesSchemesAndRealms(header: String, scheme: String, realm: String) throws {
        let challenge = try #require(AuthChallenge(header: header))
        #expect(challenge.scheme == scheme)
        #expect(challenge.realm == realm)
    }

    @Test func rejectsEmptyHeader() {
        #expect(AuthChallenge(header: "   ") == nil)
    }

    @Test func scopesRenderAsTheSpecSays() {
        #expect(AuthScope.push("a/b").description == "repository:a/b:pull,push")
        #expect(AuthScope.pull("x").description == "repository:x:pull")
    }
}
