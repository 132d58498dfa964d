import Config
import Foundation
import OCI
import Registry
import Streams
import Testing
import ClientTestSupport
import TestSupport

/// Peers that stop sending, or send too slowly: the client must give up in bounded time and say so.
@Suite(.serialized) struct StallTests {
    /// A plain-HTTP client for `host` with small limits, so each case ends in seconds.
    private func client(host: String, stallSeconds: Int = 1, lowSpeed: Int = 1024, requestTimeout: Double = 120,
                        attempts: Int = 3) -> RegistryClient {
        var configuration = FerryConfiguration()
        configuration.registries[host] = RegistrySettings(endpoints: ["http://\(host)"])
        return RegistryClient(options: RegistryClientOptions(
            configuration: configuration,
            credentials: CredentialStore(environment: [:]),
            certificates: CertificateDirectories(roots: [], environment: [:]),
            retry: RetryPolicy(maxAttempts: attempts, baseDelay: 0.05, maxDelay: 0.1),
            limits: TransferLimits(connectTimeoutMilliseconds: 5_000, stallSeconds: stallSeconds,
                                   lowSpeedBytesPerSecond: lowSpeed, requestTimeoutSeconds: requestTimeout)))
    }

    /// A registry holding one blob, behind a fault proxy.
    private func setUp(blobSize: Int) async throws -> (RegistryServer, FaultProxy, TestBlob, Repository) {
        let server = try await RegistryServer.start(.plain)
        let blob = TestBlob(bytes: blobSize, seed: 77)
        let data = blob.data
        try await makeClient(host: server.host).pushBlob(blob.descriptor, to: Repository(registry: server.host, name: "stall/blob")) { _ in
            DataSource(data)
        }
        let proxy = try FaultProxy(upstream: server.host)
        return (server, proxy, blob, Repository(registry: proxy.host, name: "stall/blob"))
    }

    /// Runs `body`, failing the test if it has not finished after `seconds` (the defect: forever).
    private func within<T: Sendable>(_ seconds: Double, _ body: @escaping @Sendable () async throws -> T) async throws -> T? {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(nanoseconds: UInt64(seconds * 1e9))
                return nil
            }
            defer { group.cancelAll() }
            let first = try await group.next() ?? nil
            if first == nil { Issue.record("still running after \(seconds) s") }
            return first
        }
    }

    /// The error a blob download ends with, which must come within 60 s (never, before the fix).
    private func fetchFailure(_ client: RegistryClient, _ repository: Repository, _ blob: TestBlob) async throws -> RegistryError {
        let outcome: (any Error)? = try await within(60) {
            do {
                try await client.fetchBlob(repository, descriptor: blob.descriptor, into: DiscardSink())
                return nil
            } catch {
                return error
            }
        } ?? nil
        return try #require(outcome as? RegistryError)
    }

    /// Each try moves some bytes and then stalls: that progress must not buy endless new tries.
    @Test func bodyThatStallsAfterEveryResumeFailsAfterBoundedTries() async throws {
        let (server, proxy, blob, repository) = try await setUp(blobSize: 100_000)
        defer { proxy.stop(); server.stop() }
        // Few bytes per try (the head and some of the body): libcurl averages the speed over a
        // few seconds, and 40 KB up front would keep that average above the limit for a while.
        proxy.inject(.init(method: "GET", pathContains: "/blobs/sha256:", times: 1_000, action: .stallAfterResponseBytes(600)))
        let client = client(host: proxy.host)
        let error = try await fetchFailure(client, repository, blob)
        #expect(error.kind == .timeout)
        #expect(error.description.contains("\(repository)@\(blob.descriptor.digest)"))
        #expect(error.description.contains("http://\(proxy.host)/v2/stall/blob/blobs/"))
        #expect(error.description.contains("FERRY_LOW_SPEED_TIME"))
        #expect(proxy.seenRequests.filter { $0.hasPrefix("GET") }.count == 3)
    }

    /// A body trickling in far below the low-speed limit is dropped, not read for hours.
    @Test func dribblingBodyIsAbandoned() async throws {
        let (server, proxy, blob, repository) = try await setUp(blobSize: 100_000)
        defer { proxy.stop(); server.stop() }
        proxy.inject(.init(method: "GET", pathContains: "/blobs/sha256:", times: 1_000, action: .dribble(bytesPerSecond: 100)))
        let client = client(host: proxy.host, attempts: 2)
        let error = try await fetchFailure(client, repository, blob)
        #expect(error.kind == .timeout)
        #expect(error.description.contains("1024 bytes/s"))
    }

    /// The overall deadline is for requests without a body stream: a slow but steady blob passes.
    @Test func steadyBodyOutlivesTheRequestDeadline() async throws {
        let (server, proxy, blob, repository) = try await setUp(blobSize: 60_000)
        defer { proxy.stop(); server.stop() }
        proxy.inject(.init(method: "GET", pathContains: "/blobs/sha256:", times: 1, action: .dribble(bytesPerSecond: 30_000)))
        let sink = DataSink()
        try await client(host: proxy.host, requestTimeout: 1, attempts: 1).fetchBlob(repository, descriptor: blob.descriptor, into: sink)
        #expect(sink.data == blob.data)
    }

    /// A request without a body whose answer never comes ends at the deadline, even though the
    /// stall limit alone (30 s here) would wait much longer.
    @Test func unansweredRequestEndsAtTheDeadline() async throws {
        let (server, proxy, blob, repository) = try await setUp(blobSize: 1_000)
        defer { proxy.stop(); server.stop() }
        proxy.inject(.init(method: "HEAD", pathContains: "/blobs/", times: 10, action: .stall(seconds: 30)))
        let client = client(host: proxy.host, stallSeconds: 30, requestTimeout: 1, attempts: 2)
        do {
            _ = try await client.blobExists(repository, digest: blob.descriptor.digest)
            Issue.record("expected a timeout")
        } catch let error as RegistryError {
            #expect(error.kind == .timeout)
            // The deadline, not the 30 s stall limit, ended it (the message names the setting).
            #expect(error.description.contains("FERRY_REQUEST_TIMEOUT"))
        }
    }

    @Test func limitsComeFromTheEnvironment() throws {
        let limits = try TransferLimits(environment: ["FERRY_LOW_SPEED_LIMIT": "2048", "FERRY_LOW_SPEED_TIME": "7",
                                                      "FERRY_REQUEST_TIMEOUT": "9", "FERRY_CONNECT_TIMEOUT": "3"])
        #expect(limits.lowSpeedBytesPerSecond == 2048)
        #expect(limits.stallSeconds == 7)
        #expect(limits.requestTimeoutSeconds == 9)
        #expect(limits.connectTimeoutMilliseconds == 3_000)
        #expect(try TransferLimits(environment: [:]).stallSeconds == TransferLimits().stallSeconds)
        #expect(try RetryPolicy(environment: ["FERRY_RETRIES": "2"]).maxAttempts == 2)
        #expect(throws: RegistryError.self) { try TransferLimits(environment: ["FERRY_LOW_SPEED_TIME": "soon"]) }
        #expect(throws: RegistryError.self) { try TransferLimits(environment: ["FERRY_REQUEST_TIMEOUT": "-1"]) }
        #expect(throws: RegistryError.self) { try RetryPolicy(environment: ["FERRY_RETRIES": "0"]) }
    }
}
