import Foundation
import Testing
@testable import TestSupport

/// The status curl reports for `url` with extra `arguments` (auth, CA).
func curlStatus(_ url: String, _ arguments: [String] = []) throws -> Int {
    let result = try TestTools.runChecked("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}"] + arguments + [url])
    return Int(result.stdout) ?? -1
}

@Suite("RegistryServer")
struct RegistryServerTests {
    @Test("plain mode answers 200 on /v2/ and logs the request")
    func plain() async throws {
        let registry = try await RegistryServer.start()
        defer { registry.stop() }
        #expect(registry.baseURL == "http://\(registry.host)")
        #expect(try curlStatus(registry.baseURL + "/v2/") == 200)
        let log = registry.accessLog()
        #expect(log.contains(LoggedRequest(method: "GET", path: "/v2/", status: 200)))
        #expect(!log.contains { $0.path.contains(RegistryServer.sentinelMarker) })
    }

    @Test("TLS + Basic mode: 200 with the CA and credentials, 401 without credentials")
    func tlsBasic() async throws {
        let registry = try await RegistryServer.start(.tlsBasic(username: "alice", password: "s3cret"))
        defer { registry.stop() }
        let ca = try #require(registry.caCertificate)
        let certsDirectory = try #require(registry.certsDirectory)
        #expect(FileManager.default.fileExists(atPath: certsDirectory.appendingPathComponent("\(registry.host)/ca.crt").path))
        #expect(registry.baseURL.hasPrefix("https://"))
        #expect(try curlStatus(registry.baseURL + "/v2/", ["--cacert", ca.path, "-u", "alice:s3cret"]) == 200)
        #expect(try curlStatus(registry.baseURL + "/v2/", ["--cacert", ca.path]) == 401)
        #expect(try curlStatus(registry.baseURL + "/v2/", ["--cacert", ca.path, "-u", "alice:wrong"]) == 401)
        // The certificate names localhost too.
        #expect(try curlStatus("https://localhost:\(registry.port)/v2/", ["--cacert", ca.path, "-u", "alice:s3cret"]) == 200)
        // Without the CA, verification must fail (curl reports status 000).
        #expect(try TestTools.run("curl", ["-s", "-o", "/dev/null", registry.baseURL + "/v2/"]).status != 0)
    }

    @Test("stop() kills the process and removes its files")
    func stopCleansUp() async throws {
        let registry = try await RegistryServer.start()
        let storage = registry.storageDirectory
        #expect(registry.isRunning)
        registry.stop()
        #expect(!registry.isRunning)
        #expect(!FileManager.default.fileExists(atPath: storage.path))
        #expect(try TestTools.run("curl", ["-s", "-o", "/dev/null", registry.baseURL + "/v2/"]).status != 0)
    }

    @Test("request() pushes and reads a blob; accessLog counts it")
    func requestHelperAndAccessLog() async throws {
        let registry = try await RegistryServer.start(.tlsBasic(username: "u", password: "p"))
        defer { registry.stop() }
        let blob = Data("hello blob".utf8)
        let digest = try registry.uploadBlob(blob, repository: "demo")
        #expect(digest.description == "sha256:" + sha256Hex(blob))
        let get = try registry.request("GET", "/v2/demo/blobs/\(digest)")
        #expect(get.status == 200)
        #expect(get.body == blob)
        let log = registry.accessLog()
        #expect(log.map(\.method) == ["GET", "POST", "PUT", "GET"])  // readiness probe, upload, read
        #expect(log.filter { $0.method == "GET" && $0.path == "/v2/demo/blobs/\(digest)" }.map(\.status) == [200])
        #expect(log.first { $0.method == "PUT" }?.status == 201)
    }

    @Test("access-log lines parse; other lines do not")
    func parseAccessLog() {
        let line = #"127.0.0.1 - - [23/Nov/2026:08:59:42 +0000] "HEAD /v2/a/b/blobs/sha256:00?x=1 HTTP/1.1" 404 157 "" "skopeo/1.9.3""#
        #expect(LoggedRequest.parse(accessLogLine: Substring(line)) == LoggedRequest(method: "HEAD", path: "/v2/a/b/blobs/sha256:00?x=1", status: 404))
        #expect(LoggedRequest.parse(accessLogLine: #"time="2026" level=info msg="response completed""#) == nil)
    }
}

func sha256Hex(_ data: Data) -> String {
    // Through the openssl CLI, independent of the OCI module's hasher.
    let result = try? TestTools.runChecked("openssl", ["dgst", "-sha256", "-r"], stdin: data)
    return String(result?.stdout.prefix(64) ?? "")
}
