import ClientTestSupport
import Config
import Foundation
import Patterns
import OCI
import Registry
import Streams
import Testing
import TestSupport

/// Configured endpoints: mirrors tried in order, rewritePull, per-endpoint TLS, loopback probing.
@Suite(.serialized) struct EndpointTests {
    private func client(_ configuration: FerryConfiguration, certsRoots: [String] = []) -> RegistryClient {
        RegistryClient(options: RegistryClientOptions(
            configuration: configuration,
            credentials: CredentialStore(environment: [:]),
            certificates: CertificateDirectories(roots: certsRoots, environment: [:]),
            retry: RetryPolicy(maxAttempts: 2, baseDelay: 0.01, maxDelay: 0.05)))
    }

    @Test func mirrorWithoutTheImageFallsThroughToTheRegistry() async throws {
        let mirror = try await RegistryServer.start(.plain)
        let origin = try await RegistryServer.start(.plain)
        defer { mirror.stop(); origin.stop() }
        let image = try TestImage(layerSizes: [1_000], seed: 51)
        try await image.push(makeClient(host: origin.host), to: Repository(registry: origin.host, name: "app"), tag: "1")

        var configuration = FerryConfiguration()
        configuration.registries["registry.example"] = RegistrySettings(endpoints: ["http://\(mirror.host)", "http://\(origin.host)"])
        let fetched = try await client(configuration).fetchManifest(try Reference(parsing: "registry.example/app:1"))
        #expect(fetched.digest == image.manifest.digest)
        #expect(mirror.accessLog().contains { $0.path.contains("/v2/app/manifests/1") && $0.status == 404 })
    }

    @Test func rewritePullChangesTheRepositoryPath() async throws {
        let server = try await RegistryServer.start(.plain)
        defer { server.stop() }
        let image = try TestImage(layerSizes: [1_000], seed: 52)
        try await image.push(makeClient(host: server.host), to: Repository(registry: server.host, name: "ace/dt/rancher-images/shell"), tag: "1")

        var configuration = FerryConfiguration()
        configuration.registries[server.host] = RegistrySettings(
            endpoints: ["http://\(server.host)"],
            rewritePull: [try RewriteRule(pattern: "^rancher/(.*)", replacement: "ace/dt/rancher-images/$1")])
        let reference = try Reference(parsing: "\(server.host)/rancher/shell:1")
        let rewritten = client(configuration)
        #expect(try await rewritten.fetchManifest(reference).digest == image.manifest.digest)
        let layer = try #require(image.layers.first)
        try await rewritten.fetchBlob(Repository(reference), descriptor: layer.descriptor, into: DiscardSink())
    }

    @Test func insecureSkipVerifyIsPerEndpoint() async throws {
        let server = try await RegistryServer.start(.tlsBasic(username: "u", password: "p"))
        defer { server.stop() }
        var configuration = FerryConfiguration()
        configuration.registries[server.host] = RegistrySettings(endpoints: ["https://\(server.host)"])
        configuration.endpoints["https://\(server.host)"] = EndpointSettings(tls: TLSSettings(insecureSkipVerify: true))
        // TLS passes without the CA; the registry then asks for credentials we do not have.
        do {
            _ = try await client(configuration).headManifest(try Reference(parsing: "\(server.host)/x:1"))
            Issue.record("expected unauthorized")
        } catch let error as RegistryError {
            #expect(error.kind == .unauthorized)
        }
    }

    @Test func loopbackFallsBackToPlainHTTPOnlyWithoutConfiguration() async throws {
        let server = try await RegistryServer.start(.plain)
        defer { server.stop() }
        let image = try TestImage(layerSizes: [100], seed: 53)
        try await image.push(makeClient(host: server.host), to: Repository(registry: server.host, name: "probe"), tag: "1")
        // No configuration: HTTPS is tried first, then plain HTTP because the host is loopback.
        let probed = client(FerryConfiguration())
        #expect(try await probed.headManifest(try Reference(parsing: "\(server.host)/probe:1"))?.digest == image.manifest.digest)
        // An explicit https:// endpoint is never downgraded.
        var strict = FerryConfiguration()
        strict.registries[server.host] = RegistrySettings(endpoints: ["https://\(server.host)"])
        await #expect(throws: RegistryError.self) {
            _ = try await client(strict).headManifest(try Reference(parsing: "\(server.host)/probe:1"))
        }
    }
}
