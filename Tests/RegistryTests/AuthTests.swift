import Config
import Foundation
import OCI
import Registry
import Streams
import Testing
import ClientTestSupport
import TestSupport

/// TLS with Basic auth, and bearer tokens from a token server, against real registries.
@Suite(.serialized) struct AuthTests {
    @Test func tlsWithBasicAuthFromDockerConfig() async throws {
        let server = try await RegistryServer.start(.tlsBasic(username: "alice", password: "s3cret-pw"))
        defer { server.stop() }
        let certs = try #require(server.certsDirectory)
        let authFile = try writeAuthFile(host: server.host, username: "alice", password: "s3cret-pw")
        let client = makeClient(host: server.host, scheme: "https", authFile: authFile, certsRoots: [certs.path])
        let image = try TestImage(layerSizes: [20_000], seed: 11)
        try await image.push(client, to: Repository(registry: server.host, name: "secure/app"), tag: "1")
        let fetched = try await client.fetchManifest(try Reference(parsing: "\(server.host)/secure/app:1"))
        #expect(fetched.digest == image.manifest.digest)
        let raw = try skopeoRawManifest("\(server.host)/secure/app:1",
                                        extra: ["--cert-dir", certs.appendingPathComponent(server.host).path, "--creds", "alice:s3cret-pw"])
        #expect(raw == image.manifest.bytes)
    }

    @Test func tlsFailsWithoutTheCA() async throws {
        let server = try await RegistryServer.start(.tlsBasic(username: "alice", password: "pw"))
        defer { server.stop() }
        let client = makeClient(host: server.host, scheme: "https")
        do {
            _ = try await client.headManifest(try Reference(parsing: "\(server.host)/secure/app:1"))
            Issue.record("expected a TLS failure")
        } catch let error as RegistryError {
            #expect(error.kind == .insecure)
        }
    }

    @Test func wrongPasswordIsUnauthorizedAndNeverPrinted() async throws {
        let server = try await RegistryServer.start(.tlsBasic(username: "alice", password: "right"))
        defer { server.stop() }
        let certs = try #require(server.certsDirectory)
        let authFile = try writeAuthFile(host: server.host, username: "alice", password: "wrong-password-value")
        let client = makeClient(host: server.host, scheme: "https", authFile: authFile, certsRoots: [certs.path])
        do {
            _ = try await client.headManifest(try Reference(parsing: "\(server.host)/secure/app:1"))
            Issue.record("expected unauthorized")
        } catch let error as RegistryError {
            #expect(error.kind == .unauthorized)
            #expect(!error.description.contains("wrong-password-value"))
        }
    }

    @Test func bearerTokensAreFetchedOncePerScope() async throws {
        let server = try await RegistryServer.start(.token(username: "bob", password: "tokenpw", anonymousPull: true))
        defer { server.stop() }
        let tokens = try #require(server.tokenServer)
        let authFile = try writeAuthFile(host: server.host, username: "bob", password: "tokenpw")
        let client = makeClient(host: server.host, authFile: authFile)
        let repository = Repository(registry: server.host, name: "tok/app")
        let image = try TestImage(layerSizes: [1_000, 2_000, 3_000], seed: 12)
        try await image.push(client, to: repository, tag: "1")
        let afterPush = tokens.requestCount
        #expect(afterPush >= 1 && afterPush <= 3)
        for layer in image.layers {
            try await client.fetchBlob(repository, descriptor: layer.descriptor, into: DiscardSink())
        }
        // All pulls share one pull-scope token.
        #expect(tokens.requestCount <= afterPush + 1)

        // Anonymous pull tokens, as Docker Hub issues them.
        let anonymous = makeClient(host: server.host)
        let fetched = try await anonymous.fetchManifest(try Reference(parsing: "\(server.host)/tok/app:1"))
        #expect(fetched.digest == image.manifest.digest)
        await #expect(throws: RegistryError.self) {
            try await image.push(anonymous, to: Repository(registry: server.host, name: "tok/other"), tag: "1")
        }
    }

    /// A client whose credentials come only from `environment` (no auth file given).
    private func client(_ server: RegistryServer, environment: [String: String]) -> RegistryClient {
        var configuration = FerryConfiguration()
        configuration.registries[server.host] = RegistrySettings(endpoints: ["https://\(server.host)"])
        return RegistryClient(options: RegistryClientOptions(
            configuration: configuration,
            credentials: CredentialStore(environment: environment),
            certificates: CertificateDirectories(roots: [server.certsDirectory?.path ?? ""], environment: environment),
            retry: RetryPolicy(maxAttempts: 2, baseDelay: 0.01, maxDelay: 0.05)))
    }

    @Test func credentialHelperAndPodmanAuthFileWorkEndToEnd() async throws {
        let server = try await RegistryServer.start(.tlsBasic(username: "carol", password: "helper-secret"))
        defer { server.stop() }
        let home = try TestTools.makeTempDirectory("ferry-cred-home")
        let bin = home.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        // docker's credential-helper protocol: server URL on stdin, JSON on stdout.
        let helper = bin.appendingPathComponent("docker-credential-ferrytest")
        try Data("#!/bin/sh\nread server\necho '{\"ServerURL\":\"'$server'\",\"Username\":\"carol\",\"Secret\":\"helper-secret\"}'\n".utf8)
            .write(to: helper)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: helper.path)
        let docker = home.appendingPathComponent("docker")
        try FileManager.default.createDirectory(at: docker, withIntermediateDirectories: true)
        try Data(#"{"credHelpers":{"\#(server.host)":"ferrytest"}}"#.utf8).write(to: docker.appendingPathComponent("config.json"))
        let path = bin.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")

        let viaHelper = client(server, environment: ["DOCKER_CONFIG": docker.path, "PATH": path])
        let image = try TestImage(layerSizes: [1_000], seed: 13)
        try await image.push(viaHelper, to: Repository(registry: server.host, name: "cred/helper"), tag: "1")

        // podman's auth.json through REGISTRY_AUTH_FILE.
        let authJSON = home.appendingPathComponent("auth.json")
        let encoded = Data("carol:helper-secret".utf8).base64EncodedString()
        try Data(#"{"auths":{"\#(server.host)":{"auth":"\#(encoded)"}}}"#.utf8).write(to: authJSON)
        let viaPodman = client(server, environment: ["REGISTRY_AUTH_FILE": authJSON.path, "PATH": path])
        #expect(try await viaPodman.fetchManifest(try Reference(parsing: "\(server.host)/cred/helper:1")).digest == image.manifest.digest)

        // Neither: the registry's refusal comes back as unauthorized.
        await #expect(throws: RegistryError.self) {
            _ = try await client(server, environment: ["PATH": path]).fetchManifest(try Reference(parsing: "\(server.host)/cred/helper:1"))
        }
    }
}
