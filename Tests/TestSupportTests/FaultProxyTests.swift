import Foundation
import OCI
import Testing
@testable import TestSupport

/// A registry with one 100 KiB blob in `demo`, and a proxy in front of it.
private func registryWithBlob() async throws -> (RegistryServer, FaultProxy, Data, String) {
    let registry = try await RegistryServer.start()
    var generator = SystemRandomNumberGenerator()
    let blob = Data((0..<100_000).map { _ in UInt8.random(in: 0...255, using: &generator) })
    let digest = try registry.uploadBlob(blob, repository: "demo").description
    let proxy = try FaultProxy(registry: registry)
    return (registry, proxy, blob, digest)
}

/// GETs `url` with curl: exit status, HTTP status, body, response headers.
private func curlGet(_ url: String, _ extra: [String] = []) throws -> (exit: Int32, status: Int, body: Data, headers: String) {
    let scratch = try TestTools.makeTempDirectory("proxy-test")
    defer { try? FileManager.default.removeItem(at: scratch) }
    let bodyFile = scratch.appendingPathComponent("body")
    let headerFile = scratch.appendingPathComponent("headers")
    let result = try TestTools.run("curl", ["-s", "-o", bodyFile.path, "-D", headerFile.path, "-w", "%{http_code}"] + extra + [url])
    return (result.status, Int(result.stdout) ?? -1, (try? Data(contentsOf: bodyFile)) ?? Data(),
            (try? String(contentsOf: headerFile, encoding: .utf8)) ?? "")
}

@Suite("FaultProxy")
struct FaultProxyTests {
    @Test("forwards unchanged; drop cuts the response after N bytes, once")
    func drop() async throws {
        let (registry, proxy, blob, digest) = try await registryWithBlob()
        defer { proxy.stop(); registry.stop() }
        let url = proxy.baseURL + "/v2/demo/blobs/\(digest)"
        proxy.inject(.init(method: "GET", pathContains: "/blobs/", action: .dropAfterResponseBytes(1000)))
        let cut = try curlGet(url)
        #expect(cut.exit == 18)  // CURLE_PARTIAL_FILE: the head promised more than arrived
        #expect(cut.body.count > 0 && cut.body.count < 1000)
        #expect(sameBytes(cut.body, blob.prefix(cut.body.count)), "cut body is not a prefix")
        #expect(proxy.pendingFaults == 0)
        let whole = try curlGet(url)
        #expect(whole.exit == 0 && whole.status == 200)
        #expect(sameBytes(whole.body, blob))
        #expect(proxy.seenRequests == ["GET /v2/demo/blobs/\(digest)", "GET /v2/demo/blobs/\(digest)"])
    }

    @Test("respond answers for the registry (429 + Retry-After) without forwarding")
    func respond() async throws {
        let (registry, proxy, blob, digest) = try await registryWithBlob()
        defer { proxy.stop(); registry.stop() }
        proxy.inject(.init(pathContains: digest, times: 2, action: .respond(status: 429, headers: ["Retry-After": "1"], body: "slow down")))
        let url = proxy.baseURL + "/v2/demo/blobs/\(digest)"
        for _ in 0..<2 {
            let limited = try curlGet(url)
            #expect(limited.status == 429)
            #expect(limited.headers.lowercased().contains("retry-after: 1"))
            #expect(String(decoding: limited.body, as: UTF8.self) == "slow down")
        }
        let ok = try curlGet(url)
        #expect(ok.status == 200)
        #expect(sameBytes(ok.body, blob))
        let gets = registry.accessLog().filter { $0.method == "GET" && $0.path.contains(digest) }
        #expect(gets.count == 1)
    }

    @Test("corruptBody flips exactly one byte; stall delays")
    func corruptAndStall() async throws {
        let (registry, proxy, blob, digest) = try await registryWithBlob()
        defer { proxy.stop(); registry.stop() }
        let url = proxy.baseURL + "/v2/demo/blobs/\(digest)"
        proxy.inject(.init(pathContains: "/blobs/", action: .corruptBody(atOffset: 70_000)))
        let corrupted = try curlGet(url)
        #expect(corrupted.status == 200 && corrupted.body.count == blob.count)
        let differing = zip(corrupted.body, blob).enumerated().filter { $0.element.0 != $0.element.1 }.map(\.offset)
        #expect(differing.count == 1 && differing.first == 70_000, "differing offsets: \(differing.prefix(5))")

        proxy.inject(.init(pathContains: "/blobs/", action: .stall(seconds: 0.6)))
        let start = Date()
        let slow = try curlGet(url)
        #expect(Date().timeIntervalSince(start) >= 0.6)
        #expect(sameBytes(slow.body, blob))
    }

    @Test("a real client (skopeo) pushes through the proxy: uploads, Location URLs, 100-continue")
    func skopeoThroughProxy() async throws {
        let registry = try await RegistryServer.start()
        let proxy = try FaultProxy(registry: registry)
        defer { proxy.stop(); registry.stop() }
        let image = try ImageFixture.build(.oci(layers: [LayerSpec(size: 300_000, seed: 77)]))
        let layout = try TestTools.makeTempDirectory("proxy-layout")
        defer { try? FileManager.default.removeItem(at: layout) }
        try image.writeOCILayout(to: layout, tag: "v1")
        try TestTools.runChecked("skopeo", ["--insecure-policy", "copy", "--quiet", "--preserve-digests", "--dest-tls-verify=false",
                                            "oci:\(layout.path):v1", "docker://\(proxy.host)/via/proxy:v1"])
        #expect(try ImageFixture.inspectRaw(registry, repository: "via/proxy", reference: "v1") == image.manifest)
        #expect(proxy.seenRequests.contains { $0.hasPrefix("PUT /v2/via/proxy/manifests/v1") })
        // An upload through the proxy: the Location points back at the proxy, and a chunked
        // PATCH body sent with Expect: 100-continue passes through intact.
        let blob = Data((0..<200_000).map { UInt8(truncatingIfNeeded: $0 * 7) })
        let bodyFile = layout.appendingPathComponent("chunked")
        try blob.write(to: bodyFile)
        let start = try curlGet(proxy.baseURL + "/v2/via/proxy/blobs/uploads/", ["-X", "POST"])
        #expect(start.status == 202)
        let location = try #require(start.headers.split(separator: "\r\n").first { $0.lowercased().hasPrefix("location:") })
        let uploadURL = location.dropFirst("location:".count).trimmingCharacters(in: .whitespaces)
        #expect(uploadURL.hasPrefix(proxy.baseURL + "/v2/via/proxy/blobs/uploads/"))
        let patch = try curlGet(uploadURL, ["-X", "PATCH", "-H", "Transfer-Encoding: chunked", "-H", "Expect: 100-continue",
                                            "-H", "Content-Type: application/octet-stream", "--data-binary", "@\(bodyFile.path)"])
        #expect(patch.status == 202)
        let next = try #require(patch.headers.split(separator: "\r\n").first { $0.lowercased().hasPrefix("location:") })
        let finishURL = next.dropFirst("location:".count).trimmingCharacters(in: .whitespaces) + "&digest=sha256:" + sha256Hex(blob)
        #expect(try curlGet(finishURL, ["-X", "PUT"]).status == 201)
        #expect(sameBytes(try registry.request("GET", "/v2/via/proxy/blobs/sha256:\(sha256Hex(blob))").body, blob))
    }

    @Test("token registry behind the proxy: challenge passes through, skopeo authenticates, 503 is injected")
    func tokenRegistryBehindProxy() async throws {
        let registry = try await RegistryServer.start(.token(username: "u", password: "p", anonymousPull: false))
        let proxy = try FaultProxy(registry: registry)
        defer { proxy.stop(); registry.stop() }
        let pushed = try ImageFixture.push(.oci(layers: [LayerSpec(size: 500, seed: 31)]), to: registry, repository: "t/app", tag: "v1")
        let challenge = try curlGet(proxy.baseURL + "/v2/")
        #expect(challenge.status == 401)
        #expect(challenge.headers.contains(registry.tokenServer?.realm ?? "no token server"))
        proxy.inject(.init(method: "GET", pathContains: "/manifests/v1", action: .respond(status: 503, headers: [:], body: "")))
        let inspect = ["--insecure-policy", "inspect", "--raw", "--tls-verify=false", "--creds", "u:p", "docker://\(proxy.host)/t/app:v1"]
        #expect(try TestTools.run("skopeo", inspect).status != 0)
        #expect(try TestTools.runChecked("skopeo", inspect).stdoutData == pushed.manifest)
        #expect(proxy.pendingFaults == 0)
    }

    @Test("referrers API: answered from storage when enabled, registry 404 otherwise")
    func referrers() async throws {
        let registry = try await RegistryServer.start()
        let proxy = try FaultProxy(registry: registry)
        defer { proxy.stop(); registry.stop() }
        let image = try ImageFixture.push(.oci(layers: [LayerSpec(size: 1000, seed: 5)]), to: registry, repository: "app", tag: "v1")
        let signature = try ImageFixture.push(.signature(of: image.descriptor, annotations: ["org.example.kind": "sig"]),
                                              to: registry, repository: "app")
        let sbom = try ImageFixture.push(.artifact(ArtifactSpec(subject: image.descriptor, artifactType: "application/vnd.example.sbom")),
                                         to: registry, repository: "app")
        let url = proxy.baseURL + "/v2/app/referrers/\(image.digest)"

        #expect(try curlGet(url).status == 404)  // distribution 2.8 has no referrers API
        proxy.servesReferrersAPI = true
        let all = try curlGet(url)
        #expect(all.status == 200)
        #expect(all.headers.lowercased().contains("content-type: application/vnd.oci.image.index.v1+json"))
        let index = try JSONDecoder().decode(ReferrersIndex.self, from: all.body)
        #expect(index.mediaType == MediaType.ociIndex)
        #expect(Set(index.manifests.map(\.digest)) == [signature.digest, sbom.digest])
        let signatureEntry = try #require(index.manifests.first { $0.digest == signature.digest })
        #expect(signatureEntry.artifactType == ArtifactSpec.signatureType)
        #expect(signatureEntry.size == Int64(signature.size))
        #expect(signatureEntry.annotations == ["org.example.kind": "sig"])

        let filtered = try curlGet(url + "?artifactType=application/vnd.example.sbom")
        #expect(filtered.headers.lowercased().contains("oci-filters-applied: artifacttype"))
        #expect(try JSONDecoder().decode(ReferrersIndex.self, from: filtered.body).manifests.map(\.digest) == [sbom.digest])
        let none = try curlGet(proxy.baseURL + "/v2/app/referrers/\(signature.digest)")
        #expect(try JSONDecoder().decode(ReferrersIndex.self, from: none.body).manifests.isEmpty)
        #expect(try curlGet(proxy.baseURL + "/v2/app/referrers/sha256:nothex").status == 400)
    }
}

struct ReferrersIndex: Decodable {
    var mediaType: String?
    var manifests: [Descriptor]
}

/// Byte equality without Swift Testing's element-by-element diff of 100 KB buffers on failure.
func sameBytes(_ lhs: Data, _ rhs: Data) -> Bool {
    lhs == rhs
}
