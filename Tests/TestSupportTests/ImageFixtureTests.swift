import Foundation
import OCI
import Testing
@testable import TestSupport

/// Reads a manifest back with skopeo and checks bytes and digest against the fixture.
private func expectStored(_ pushed: PushedImage, in registry: RegistryServer, reference: String? = nil) throws {
    let raw = try #require(try ImageFixture.inspectRaw(registry, repository: pushed.repository,
                                                       reference: reference ?? pushed.tag ?? pushed.digest.description))
    #expect(raw == pushed.manifest)
    #expect("sha256:" + sha256Hex(raw) == pushed.digest.description)
}

@Suite("ImageFixture")
struct ImageFixtureTests {
    @Test("OCI image with layers; same seed = same layer blob; deterministic rebuild")
    func ociImage() async throws {
        let registry = try await RegistryServer.start()
        defer { registry.stop() }
        let shared = LayerSpec(size: 10_000, seed: 42)
        let first = try ImageFixture.push(.oci(layers: [shared, LayerSpec(size: 5000, seed: 1), LayerSpec(size: 0, seed: 2)]),
                                          to: registry, repository: "oci/one", tag: "v1")
        let second = try ImageFixture.push(.oci(layers: [LayerSpec(size: 7, seed: 3), shared], label: "second"),
                                           to: registry, repository: "oci/two", tag: "v1")
        try expectStored(first, in: registry)
        try expectStored(second, in: registry)
        #expect(first.mediaType == MediaType.ociManifest)
        #expect(first.layers.count == 3 && first.layers.allSatisfy { $0.mediaType == MediaType.ociLayerGzip })
        #expect(first.layers[0].digest == second.layers[1].digest)
        #expect(first.layers[1].digest != second.layers[0].digest)
        #expect(try ImageFixture.build(.oci(layers: [shared, LayerSpec(size: 5000, seed: 1), LayerSpec(size: 0, seed: 2)])).digest == first.digest)
        // Every blob is in the registry with the right bytes.
        for blob in first.blobs {
            let response = try registry.request("GET", "/v2/oci/one/blobs/\(blob.digest)")
            #expect(response.status == 200)
            #expect(Int64(response.body.count) == blob.size)
            #expect(response.body == (try first.image.blobData(blob.digest)))
        }
    }

    @Test("Docker schema 2: docker media types, exact (indented) bytes preserved")
    func dockerImage() async throws {
        let registry = try await RegistryServer.start()
        defer { registry.stop() }
        let pushed = try ImageFixture.push(.docker(layers: [LayerSpec(size: 3000, seed: 9)]), to: registry, repository: "docker/img", tag: "latest")
        try expectStored(pushed, in: registry)
        #expect(pushed.mediaType == MediaType.dockerManifest)
        #expect(pushed.config?.mediaType == MediaType.dockerConfig)
        #expect(pushed.layers.first?.mediaType == MediaType.dockerLayerGzip)
        #expect(String(decoding: pushed.manifest, as: UTF8.self).hasPrefix("{\n   \"schemaVersion\": 2,"))
        let head = try registry.request("HEAD", "/v2/docker/img/manifests/latest",
                                        headers: ["Accept": MediaType.dockerManifest])
        #expect(head.header("Content-Type") == MediaType.dockerManifest)
        #expect(head.header("Docker-Content-Digest") == pushed.digest.description)
    }

    @Test("multi-arch OCI index and Docker manifest list, children by digest", arguments: [ImageSpec.Format.oci, .docker])
    func multiArch(format: ImageSpec.Format) async throws {
        let registry = try await RegistryServer.start()
        defer { registry.stop() }
        let pushed = try ImageFixture.push(.multiArch(format), to: registry, repository: "multi", tag: "v1")
        try expectStored(pushed, in: registry)
        #expect(pushed.mediaType == (format == .oci ? MediaType.ociIndex : MediaType.dockerManifestList))
        #expect(pushed.children.map { $0.platform?.description } == ["linux/amd64", "linux/arm64/v8"])
        for child in pushed.children {
            let raw = try ImageFixture.inspectRaw(registry, repository: "multi", reference: child.digest.description)
            #expect(raw == child.manifest)
        }
        // Two platforms with two layers each, one shared: three distinct layers plus two configs.
        #expect(pushed.blobs.count == 5)
        let list = try JSONSerialization.jsonObject(with: pushed.manifest) as? [String: Any]
        let entries = list?["manifests"] as? [[String: Any]]
        #expect((entries?[1]["platform"] as? [String: String])?["variant"] == "v8")
    }

    @Test("artifact with subject, and the sha256-<hex> fallback tag listing every referrer")
    func artifactAndFallbackTag() async throws {
        let registry = try await RegistryServer.start(.token(username: "u", password: "p", anonymousPull: false))
        defer { registry.stop() }
        let image = try ImageFixture.push(.oci(layers: [LayerSpec(size: 100, seed: 11)]), to: registry, repository: "signed", tag: "v1")
        let first = try ImageFixture.push(.signature(of: image.descriptor), to: registry, repository: "signed")
        let second = try ImageFixture.push(.signature(of: image.descriptor, payload: "another", annotations: ["a": "b"]),
                                           to: registry, repository: "signed")
        try expectStored(first, in: registry)
        try expectStored(second, in: registry)
        #expect(first.tag == nil)
        let tag = ImageFixture.referrersTag(for: image.digest)
        #expect(tag == "sha256-\(image.digest.encoded)")
        #expect(second.referrersTag == tag)

        let manifest = try JSONSerialization.jsonObject(with: first.manifest) as? [String: Any]
        #expect(manifest?["artifactType"] as? String == ArtifactSpec.signatureType)
        #expect((manifest?["config"] as? [String: Any])?["mediaType"] as? String == MediaType.ociEmpty)
        #expect((manifest?["subject"] as? [String: Any])?["digest"] as? String == image.digest.description)
        let emptyConfig = try registry.request("GET", "/v2/signed/blobs/\(try #require(first.config).digest)")
        #expect(emptyConfig.bodyText == "{}")

        let fallback = try #require(try ImageFixture.inspectRaw(registry, repository: "signed", reference: tag))
        let index = try JSONDecoder().decode(ReferrersIndex.self, from: fallback)
        #expect(index.mediaType == MediaType.ociIndex)
        #expect(index.manifests.map(\.digest) == [first.digest, second.digest])
        #expect(index.manifests.allSatisfy { $0.artifactType == ArtifactSpec.signatureType })
        #expect(index.manifests[1].annotations == ["a": "b"])
    }

    @Test("pushes work against the TLS + Basic registry")
    func tlsPush() async throws {
        let registry = try await RegistryServer.start(.tlsBasic(username: "u", password: "p"))
        defer { registry.stop() }
        let pushed = try ImageFixture.push(.oci(layers: [LayerSpec(size: 2000, seed: 12)]), to: registry, repository: "tls/app", tag: "v1")
        try expectStored(pushed, in: registry)
    }

    @Test("large single-layer image: 64 MiB uncompressed layer arrives intact")
    func large() async throws {
        let registry = try await RegistryServer.start()
        defer { registry.stop() }
        let pushed = try ImageFixture.push(.large(), to: registry, repository: "big", tag: "v1")
        try expectStored(pushed, in: registry)
        let layer = try #require(pushed.layers.first)
        #expect(layer.mediaType == MediaType.ociLayer)
        #expect(layer.size == Int64(64 << 20) + 512 + 1024)
        let head = try registry.request("HEAD", "/v2/big/blobs/\(layer.digest)")
        #expect(head.status == 200 && head.header("Content-Length") == String(layer.size))
    }

    @Test("OCI layout output is a valid image for umoci (tar, gzip, diff_ids)")
    func layoutForUmoci() throws {
        let image = try ImageFixture.build(.oci(layers: [LayerSpec(size: 1234, seed: 21), LayerSpec(size: 10, seed: 22, compressed: false)]))
        let work = try TestTools.makeTempDirectory("umoci-check")
        defer { try? FileManager.default.removeItem(at: work) }
        let layout = work.appendingPathComponent("layout")
        try image.writeOCILayout(to: layout, tag: "v1")
        try image.writeOCILayout(to: layout, tag: "v2")
        let raw = try TestTools.runChecked("skopeo", ["inspect", "--raw", "oci:\(layout.path):v2"])
        #expect(raw.stdoutData == image.manifest)
        let bundle = work.appendingPathComponent("bundle")
        try TestTools.runChecked("umoci", ["unpack", "--rootless", "--image", "\(layout.path):v1", bundle.path])
        let file = bundle.appendingPathComponent("rootfs/seed-21.bin")
        let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
        #expect((attributes[.size] as? NSNumber)?.intValue == 1234)
        #expect(FileManager.default.fileExists(atPath: bundle.appendingPathComponent("rootfs/seed-22.bin").path))
    }
}
