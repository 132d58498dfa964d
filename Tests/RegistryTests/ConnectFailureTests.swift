import Config
import Foundation
import OCI
import Registry
import Testing
import ClientTestSupport
import TestSupport

/// A registry that is not there: the error names what was tried and comes at once. "At once"
/// is checked as the number of tries (one quick retry, 0.1 s apart), not as wall time: beside
/// the other suites on 2 cores a continuation can wait tens of seconds for a thread.
@Suite(.serialized) struct ConnectFailureTests {
    /// A client with the default retry policy (what a user gets), optionally with endpoints.
    private func client(_ configuration: FerryConfiguration = FerryConfiguration()) -> RegistryClient {
        RegistryClient(options: RegistryClientOptions(
            configuration: configuration,
            credentials: CredentialStore(environment: [:]),
            certificates: CertificateDirectories(roots: [], environment: [:])))
    }

    /// `127.0.0.1:PORT` where nothing listens (a proxy's port, closed again).
    private func closedPort() throws -> String {
        let proxy = try FaultProxy(upstream: "127.0.0.1:9")
        proxy.stop()
        return proxy.host
    }

    @Test func refusedPlainHTTPEndpointShowsHTTPAndFailsFast() async throws {
        let host = try closedPort()
        var configuration = FerryConfiguration()
        configuration.registries[host] = RegistrySettings(endpoints: ["http://\(host)"])
        let reference = try Reference(parsing: "\(host)/app:1")
        do {
            _ = try await client(configuration).fetchManifest(reference)
            Issue.record("expected a connection failure")
        } catch let error as RegistryError {
            #expect(error.kind == .transport)
            #expect(error.description.contains("\(host)/app:1"))
            #expect(error.description.contains("http://\(host)"))
            #expect(!error.description.contains("https://"))
            #expect(error.description.contains("connection refused, 2 tries"), "one quick retry, not the policy's 5")
        }

    }

    /// Loopback is probed over HTTPS, then HTTP. Once HTTP answered, a later refusal must still
    /// show http:// (it used to show the HTTPS probe, tried last), and come within about a second.
    @Test func refusedLoopbackRegistryNamesEverySchemeTried() async throws {
        let server = try await RegistryServer.start(.plain)
        let client = client()
        let reference = try Reference(parsing: "\(server.host)/app:1")
        #expect(try await client.headManifest(reference) == nil)   // HTTPS fails, HTTP answers 404
        server.stop()
        do {
            _ = try await client.headManifest(reference)
            Issue.record("expected a connection failure")
        } catch let error as RegistryError {
            #expect(error.description.contains("\(server.host)/app:1"))
            #expect(error.description.contains("http://\(server.host)"))
            #expect(error.description.contains("https://\(server.host)"))
            let http = try #require(error.description.range(of: "http://"))
            let https = try #require(error.description.range(of: "https://"))
            #expect(http.lowerBound < https.lowerBound, "the endpoint that answered before comes first")
            #expect(error.description.components(separatedBy: "connection refused, 2 tries").count == 3)
        }

    }
}
