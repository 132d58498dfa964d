@testable import Config
import Foundation
import Testing

private func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }

/// A credential helper speaking the docker-credential-helpers protocol with shell builtins only,
/// so it runs with a PATH that holds nothing but its own directory.
private let helperScript = """
    #!/bin/sh
    [ "$1" = "get" ] || exit 2
    read -r server || true
    case "$server" in
      helper.example.com) printf '{"ServerURL":"%s","Username":"helperuser","Secret":"helper-secret"}' "$server" ;;
      token.example.com) printf '{"ServerURL":"%s","Username":"<token>","Secret":"refresh-token"}' "$server" ;;
      https://index.docker.io/v1/) printf '{"ServerURL":"%s","Username":"hubuser","Secret":"hub-secret"}' "$server" ;;
      broken.example.com) echo "keychain is locked" >&2; exit 3 ;;
      garbled.example.com) printf 'Secret=garbled-SECRET' ;;
      leaky.example.com) printf '{"ServerURL":"%s","Username":"u","Secret":"LEAKED-stdout"}' "$server"; echo "LEAKED-stderr" >&2; exit 1 ;;
      malformed.example.com) printf '{"Username":"u","Secret":"LEAKED-malformed",' ;;
      wrongtype.example.com) printf '{"Username":["LEAKED-array"],"Secret":{"v":"LEAKED-object"}}' ;;
      daemon.example.com) printf '{"Username":"u","Secret":"daemon-secret"}'; /bin/sleep 20 & exit 0 ;;
      flood.example.com) while :; do printf 'LEAKED-flood-%01000d' 0; done ;;
      stuck.example.com) /bin/sleep 20 ;;
      *) echo "credentials not found in native keychain"; exit 1 ;;
    esac
    """

/// A scratch home with a docker config, a containers auth.json and a helper directory. The
/// environment handed to `CredentialStore` names only these, never the real home.
private struct Fixture {
    let directory: TemporaryDirectory
    var environment: [String: String]

    init() throws {
        directory = try TemporaryDirectory()
        let bin = try directory.makeDirectory("bin")
        try directory.write("bin/docker-credential-test", helperScript, executable: true)
        environment = ["HOME": directory.path + "/home", "PATH": bin]
    }

    func dockerConfig(_ json: String) throws {
        try directory.write("home/.docker/config.json", json)
    }

    func store(authFile: String? = nil) -> CredentialStore {
        CredentialStore(authFile: authFile, environment: environment)
    }
}

@Suite struct CredentialStoreTests {
    @Test func authsBase64() throws {
        let fixture = try Fixture()
        try fixture.dockerConfig(#"{"auths": {"reg.example.com": {"auth": "\#(base64("alice:s3cret:with:colons"))"}}}"#)
        #expect(try fixture.store().credential(forRegistry: "reg.example.com")
            == .basic(username: "alice", password: "s3cret:with:colons"))
        #expect(try fixture.store().credential(forRegistry: "other.example.com") == nil)
    }

    @Test func authsUsernamePasswordAndIdentityToken() throws {
        let fixture = try Fixture()
        try fixture.dockerConfig("""
            {"auths": {
              "https://plain.example.com": {"username": "bob", "password": "pw"},
              "token.example.com": {"username": "bob", "identitytoken": "refresh-me"},
              "empty.example.com": {}
            }}
            """)
        #expect(try fixture.store().credential(forRegistry: "plain.example.com") == .basic(username: "bob", password: "pw"))
        #expect(try fixture.store().credential(forRegistry: "token.example.com") == .identityToken("refresh-me"))
        #expect(try fixture.store().credential(forRegistry: "empty.example.com") == nil)
    }

    @Test(arguments: ["docker.io", "index.docker.io", "registry-1.docker.io"])
    func dockerHubLegacyKey(host: String) throws {
        let fixture = try Fixture()
        try fixture.dockerConfig(#"{"auths": {"https://index.docker.io/v1/": {"auth": "\#(base64("hub:pw"))"}}}"#)
        #expect(try fixture.store().credential(forRegistry: host) == .basic(username: "hub", password: "pw"))
    }

    @Test(arguments: [
        ("reg.io:5000", "reg.io:5000", true),
        ("https://reg.io:5000", "reg.io:5000", true),
        ("http://reg.io:5000/", "reg.io:5000", true),
        ("https://reg.io/v2/", "reg.io", true),
        ("reg.io:5000", "reg.io", false),          // the port is part of the host
        ("quay.io/some-org", "quay.io", false),    // auth.json namespace keys are not host-wide
    ])
    func keyForms(key: String, host: String, found: Bool) throws {
        let fixture = try Fixture()
        try fixture.dockerConfig(#"{"auths": {"\#(key)": {"auth": "\#(base64("u:p"))"}}}"#)
        #expect((try fixture.store().credential(forRegistry: host) != nil) == found)
    }

    @Test func dockerConfigEnvironmentOverridesHome() throws {
        var fixture = try Fixture()
        try fixture.dockerConfig(#"{"auths": {"reg.io": {"auth": "\#(base64("home:pw"))"}}}"#)
        let other = try fixture.directory.makeDirectory("other")
        try fixture.directory.write("other/config.json", #"{"auths": {"reg.io": {"auth": "\#(base64("other:pw"))"}}}"#)
        fixture.environment["DOCKER_CONFIG"] = other
        #expect(try fixture.store().credential(forRegistry: "reg.io") == .basic(username: "other", password: "pw"))
    }

    @Test func credHelpers() throws {
        let fixture = try Fixture()
        try fixture.dockerConfig("""
            {"credHelpers": {"helper.example.com": "test", "token.example.com": "test",
                             "nothing.example.com": "test", "fallback.example.com": "test"},
             "auths": {"fallback.example.com": {"auth": "\(base64("file:pw"))"}}}
            """)
        let store = fixture.store()
        #expect(try store.credential(forRegistry: "helper.example.com") == .basic(username: "helperuser", password: "helper-secret"))
        #expect(try store.credential(forRegistry: "token.example.com") == .identityToken("refresh-token"))
        #expect(try store.credential(forRegistry: "nothing.example.com") == nil)
        #expect(try store.credential(forRegistry: "fallback.example.com") == .basic(username: "file", password: "pw"))
        #expect(try store.credential(forRegistry: "unrelated.example.com") == nil)
    }

    @Test func credsStoreGetsDockerHubLegacyURL() throws {
        let fixture = try Fixture()
        try fixture.dockerConfig(#"{"credsStore": "test", "auths": {"https://index.docker.io/v1/": {}}}"#)
        #expect(try fixture.store().credential(forRegistry: "docker.io") == .basic(username: "hubuser", password: "hub-secret"))
        #expect(try fixture.store().credential(forRegistry: "helper.example.com")
            == .basic(username: "helperuser", password: "helper-secret"))
        #expect(try fixture.store().credential(forRegistry: "quay.io") == nil)
    }

    @Test func failingHelpersAreErrors() throws {
        let fixture = try Fixture()
        try fixture.dockerConfig(#"{"credHelpers": {"broken.example.com": "test", "garbled.example.com": "test", "x.io": "nope"}}"#)
        #expect {
            try fixture.store().credential(forRegistry: "broken.example.com")
        } throws: { error in
            "\(error)" == "credential helper docker-credential-test: get exited with status 3 (its output is not shown: it may hold secrets)"
        }
        #expect {
            try fixture.store().credential(forRegistry: "garbled.example.com")
        } throws: { error in
            error is ConfigError && !"\(error)".contains("SECRET")
        }
        #expect {
            try fixture.store().credential(forRegistry: "x.io")
        } throws: { error in
            (error as? ConfigError) == .credentialHelper(name: "docker-credential-nope", reason: "not found on PATH")
        }
    }

    /// A helper's output may hold the secret whatever it exits with: no path echoes stdout or stderr.
    @Test func helperOutputIsNeverEchoed() throws {
        let fixture = try Fixture()
        try fixture.dockerConfig(#"{"credHelpers": {"leaky.example.com": "test", "malformed.example.com": "test", "wrongtype.example.com": "test"}}"#)
        for host in ["leaky.example.com", "malformed.example.com", "wrongtype.example.com"] {
            #expect {
                try fixture.store().credential(forRegistry: host)
            } throws: { error in
                let text = "\(error)" + String(reflecting: error)
                return error is ConfigError && text.contains("docker-credential-test") && !text.contains("LEAKED")
            }
        }
        #expect {
            try fixture.store().credential(forRegistry: "leaky.example.com")
        } throws: { error in
            "\(error)" == "credential helper docker-credential-test: get exited with status 1 (its output is not shown: it may hold secrets)"
        }
    }

    @Test func containersAuthFiles() throws {
        var fixture = try Fixture()
        let authJSON = #"{"auths": {"quay.io": {"auth": "\#(base64("podman:pw"))"}}}"#
        let explicit = try fixture.directory.write("auth.json", authJSON)
        fixture.environment["REGISTRY_AUTH_FILE"] = explicit
        #expect(try fixture.store().credential(forRegistry: "quay.io") == .basic(username: "podman", password: "pw"))

        fixture.environment["REGISTRY_AUTH_FILE"] = nil
        fixture.environment["XDG_RUNTIME_DIR"] = fixture.directory.path + "/run"
        #expect(try fixture.store().credential(forRegistry: "quay.io") == nil)
        try fixture.directory.write("run/containers/auth.json", authJSON)
        #expect(try fixture.store().credential(forRegistry: "quay.io") == .basic(username: "podman", password: "pw"))
    }

    @Test func precedence() throws {
        var fixture = try Fixture()
        try fixture.dockerConfig("""
            {"auths": {"reg.io": {"auth": "\(base64("docker:pw"))"}, "only-docker.io": {"auth": "\(base64("docker:pw"))"}}}
            """)
        fixture.environment["REGISTRY_AUTH_FILE"] = try fixture.directory.write("auth.json", """
            {"auths": {"reg.io": {"auth": "\(base64("podman:pw"))"}, "other.io": {"auth": "\(base64("podman:pw"))"}}}
            """)
        let explicit = try fixture.directory.write("explicit.json", #"{"auths": {"reg.io": {"auth": "\#(base64("explicit:pw"))"}}}"#)

        let defaults = fixture.store()
        #expect(try defaults.credential(forRegistry: "reg.io") == .basic(username: "docker", password: "pw"))
        #expect(try defaults.credential(forRegistry: "other.io") == .basic(username: "podman", password: "pw"))

        let configured = fixture.store(authFile: explicit)
        #expect(try configured.credential(forRegistry: "reg.io") == .basic(username: "explicit", password: "pw"))
        #expect(try configured.credential(forRegistry: "only-docker.io") == nil)
        #expect(try configured.credential(forRegistry: "other.io") == .basic(username: "podman", password: "pw"))
        #expect(configured.searchPaths == [explicit, fixture.environment["REGISTRY_AUTH_FILE"]])
    }

    @Test func missingFiles() throws {
        let fixture = try Fixture()
        #expect(try fixture.store().credential(forRegistry: "reg.io") == nil)  // no default file: anonymous
        #expect(try CredentialStore(environment: [:]).credential(forRegistry: "reg.io") == nil)
        let missing = fixture.directory.path + "/nope.json"
        #expect {
            try fixture.store(authFile: missing).credential(forRegistry: "reg.io")
        } throws: { error in
            (error as? ConfigError) == .unreadableFile(path: missing, reason: "no such file")
        }
    }

    @Test(arguments: [
        #"{"auths": {"reg.io": {"auth": "%%%SECRETVALUE"}}}"#,
        #"{"auths": {"reg.io": {"auth": "\#(base64("SECRETVALUE-without-colon"))"}}}"#,
        #"{"auths": {"reg.io": {"username": "u", "password": "SECRETVALUE""#,
        #"{"auths": {"reg.io": {"password": ["SECRETVALUE"]}}}"#,
        #"{"auths": ["SECRETVALUE"]}"#,
    ])
    func malformedFileErrorHidesSecret(json: String) throws {
        let fixture = try Fixture()
        try fixture.dockerConfig(json)
        let path = fixture.environment["HOME", default: ""] + "/.docker/config.json"
        #expect {
            try fixture.store().credential(forRegistry: "reg.io")
        } throws: { error in
            let message = "\(error)"
            return error is ConfigError && message.hasPrefix(path + ": ") && !message.contains("SECRETVALUE")
        }
    }

    @Test func descriptionsRedactSecrets() {
        let basic = RegistryCredential.basic(username: "alice", password: "hunter2")
        let token = RegistryCredential.identityToken("tok-123")
        #expect(basic.description == "basic(user=alice, password=<redacted>)")
        #expect(!token.description.contains("tok-123"))
        for credential in [basic, token] {
            var dumped = ""
            dump(credential, to: &dumped)
            for text in ["\(credential)", String(reflecting: credential), dumped] {
                #expect(!text.contains("hunter2") && !text.contains("tok-123"))
            }
        }
    }

    /// A helper that leaves a daemon holding its stdout (gpg-agent under `pass`) answers as soon
    /// as it exits; one that prints without end or never exits is stopped with an error that
    /// shows none of its output.
    @Test func helpersThatLingerFloodOrHangAreBounded() throws {
        let fixture = try Fixture()
        try fixture.dockerConfig(#"{"credHelpers": {"daemon.example.com": "test", "flood.example.com": "test"}}"#)
        let started = Date()
        #expect(try fixture.store().credential(forRegistry: "daemon.example.com") == .basic(username: "u", password: "daemon-secret"))
        #expect(Date().timeIntervalSince(started) < 10, "waited for the helper's daemon")
        #expect {
            try fixture.store().credential(forRegistry: "flood.example.com")
        } throws: { error in
            "\(error)" == "credential helper docker-credential-test: get printed more than 1048576 bytes (its output is not shown: it may hold secrets)"
        }
        let stuck = CredentialHelper(name: "test", environment: fixture.environment, timeout: 1)
        #expect {
            try stuck.get(serverURL: "stuck.example.com")
        } throws: { error in
            "\(error)".contains("get did not finish within 1 s and was stopped")
        }
    }
}
