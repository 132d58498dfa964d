import Foundation
import Testing
@testable import OCI

struct ParsedManifestTests {
    static let dockerManifest = """
        {
           "schemaVersion": 2,
           "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
           "config": {
              "mediaType": "application/vnd.docker.container.image.v1+json",
              "size": 1457,
              "digest": "\(fakeDigest("c"))"
           },
           "layers": [
              {
                 "mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
                 "size": 2591575,
                 "digest": "\(fakeDigest("1"))"
              }
           ]
        }
        """

    static let manifestList = """
        {"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.list.v2+json","manifests":[
          {"mediaType":"application/vnd.docker.distribution.manifest.v2+json","size":528,"digest":"\(fakeDigest("a"))",
           "platform":{"architecture":"amd64","os":"linux"}},
          {"mediaType":"application/vnd.docker.distribution.manifest.v2+json","size":528,"digest":"\(fakeDigest("b"))",
           "platform":{"architecture":"arm","os":"linux","variant":"v6"}}]}
        """

    static let ociIndex = """
        {"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json",\
        "digest":"\(fakeDigest("a"))","size":1,"platform":{"architecture":"arm64","os":"linux","variant":"v8"}},\
        {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"\(fakeDigest("b"))","size":2,\
        "platform":{"architecture":"amd64","os":"windows","os.version":"10.0.17763.1"}}],\
        "annotations":{"org.opencontainers.image.ref.name":"1.0"}}
        """

    static let artifact = """
        {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",\
        "artifactType":"application/spdx+json",\
        "config":{"mediaType":"application/vnd.oci.empty.v1+json","digest":"\(emptyJSONDigest)","size":2,"data":"e30="},\
        "layers":[{"mediaType":"application/spdx+json","digest":"\(fakeDigest("d"))","size":10}],\
        "subject":{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"\(fakeDigest("e"))","size":3}}
        """

    @Test func keepsBytesExactlyAndHashesThem() throws {
        let bytes = Data(Self.dockerManifest.utf8)
        let parsed = try ParsedManifest(bytes: bytes)
        #expect(parsed.bytes == bytes)
        #expect(parsed.digest == Digest.sha256(of: bytes))
        // Re-encoding would lose the whitespace and key order, and change the digest.
        let reencoded = try JSONEncoder().encode(try #require(parsed.image))
        #expect(Digest.sha256(of: reencoded) != parsed.digest)
        #expect(parsed.descriptor == Descriptor(
            mediaType: MediaType.dockerManifest, digest: parsed.digest, size: Int64(bytes.count)))
    }

    @Test func dockerSchema2Manifest() throws {
        let parsed = try ParsedManifest(bytes: Data(Self.dockerManifest.utf8), contentType: MediaType.dockerManifest)
        #expect(parsed.mediaType == MediaType.dockerManifest)
        #expect(!parsed.isIndex)
        #expect(parsed.children.map(\.digest.description) == [fakeDigest("c"), fakeDigest("1")])
        #expect(parsed.children.map(\.size) == [1457, 2591575])
        #expect(parsed.subject == nil)
        #expect(parsed.descriptor.artifactType == nil)
    }

    @Test func dockerManifestList() throws {
        let parsed = try ParsedManifest(bytes: Data(Self.manifestList.utf8))
        #expect(parsed.mediaType == MediaType.dockerManifestList)
        #expect(parsed.isIndex)
        #expect(parsed.children.compactMap(\.platform?.description) == ["linux/amd64", "linux/arm/v6"])
    }

    @Test func ociIndexWithPlatformsInferredFromContentType() throws {
        let parsed = try ParsedManifest(
            bytes: Data(Self.ociIndex.utf8), contentType: "application/vnd.oci.image.index.v1+json; charset=utf-8")
        #expect(parsed.mediaType == MediaType.ociIndex)
        #expect(parsed.isIndex)
        let platforms = parsed.children.compactMap(\.platform)
        #expect(platforms.map(\.description) == ["linux/arm64/v8", "windows/amd64"])
        #expect(platforms[1].osVersion == "10.0.17763.1")
        #expect(parsed.annotations == [AnnotationKey.refName: "1.0"])
    }

    @Test(arguments: [(ociIndex, MediaType.ociIndex), (artifact, MediaType.ociManifest)])
    func infersTypeFromStructure(json: String, expected: String) throws {
        var object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] ?? [:]
        object["mediaType"] = nil
        let bytes = try JSONSerialization.data(withJSONObject: object)
        #expect(try ParsedManifest(bytes: bytes).mediaType == expected)
        #expect(try ParsedManifest(bytes: bytes, contentType: "application/json").mediaType == expected)
    }

    @Test func artifactWithSubject() throws {
        let parsed = try ParsedManifest(bytes: Data(Self.artifact.utf8))
        #expect(parsed.descriptor.artifactType == "application/spdx+json")
        #expect(parsed.subject?.digest.description == fakeDigest("e"))
        #expect(!parsed.children.contains { $0.digest.description == fakeDigest("e") })
        #expect(parsed.children.first?.data == "e30=")
    }

    static let schema1 = """
        {"schemaVersion":1,"name":"library/busybox","tag":"latest","architecture":"amd64",
         "fsLayers":[{"blobSum":"\(fakeDigest("a"))"}],"history":[],"signatures":[{"header":{}}]}
        """

    @Test(arguments: [
        (schema1, nil as String?, MediaType.dockerSchema1Signed),
        (schema1, MediaType.dockerSchema1, MediaType.dockerSchema1),
        ("{\"schemaVersion\":1,\"mediaType\":\"\(MediaType.dockerSchema1)\"}", nil, MediaType.dockerSchema1),
        ("{}", MediaType.dockerSchema1Signed + "; charset=utf-8", MediaType.dockerSchema1Signed),
    ])
    func rejectsSchema1(json: String, contentType: String?, reported: String) {
        let error = ociError { try ParsedManifest(bytes: Data(json.utf8), contentType: contentType) }
        #expect(error == .unsupportedMediaType(reported))
        #expect(error?.description.contains("schema 1 is deprecated") == true)
    }

    @Test(arguments: [
        ("", "empty body"),
        ("not json", "not valid JSON: "),
        ("{\"schemaVersion\":2,", "not valid JSON: "),
        ("[1,2]", "top level"),
        ("{\"schemaVersion\":2}", "cannot tell the manifest type"),
        ("{\"schemaVersion\":2,\"mediaType\":\"\(MediaType.ociManifest)\",\"layers\":[]}", "missing field \"config\""),
        ("{\"schemaVersion\":2,\"mediaType\":\"\(MediaType.ociIndex)\",\"config\":{}}", "missing field \"manifests\""),
        ("{\"schemaVersion\":3,\"manifests\":[]}", "schemaVersion must be 2, got 3"),
        ("{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"x\",\"digest\":\"sha256:zz\",\"size\":1}]}", "manifests[0].digest"),
        ("{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"x\",\"digest\":\"\(fakeDigest("a"))\",\"size\":-1}]}",
         "negative size"),
        ("{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"x\",\"digest\":\"\(fakeDigest("a"))\",\"size\":\"1\"}]}",
         "manifests[0].size: expected"),
    ])
    func rejectsGarbage(json: String, reason: String) {
        let error = ociError { try ParsedManifest(bytes: Data(json.utf8)) }
        guard case .invalidManifest(let actual) = error else {
            Issue.record("expected invalidManifest for \(json), got \(String(describing: error))")
            return
        }
        #expect(actual.contains(reason), "\(actual)")
    }

    @Test func fieldAndContentTypeMustAgree() {
        let error = ociError {
            try ParsedManifest(bytes: Data(Self.manifestList.utf8), contentType: MediaType.ociIndex)
        }
        guard case .invalidManifest(let reason) = error else {
            Issue.record("expected invalidManifest, got \(String(describing: error))")
            return
        }
        #expect(reason.contains("disagrees with Content-Type"))
    }

    @Test func nonManifestTypeIsUnsupported() {
        let json = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.artifact.manifest.v1+json\"}"
        #expect(ociError { try ParsedManifest(bytes: Data(json.utf8)) }
            == .unsupportedMediaType("application/vnd.oci.artifact.manifest.v1+json"))
        let ct = ociError { try ParsedManifest(bytes: Data("{\"config\":{}}".utf8), contentType: "image/png") }
        #expect(ct == .unsupportedMediaType("image/png"))
    }

    @Test func verifyAgainstDescriptor() throws {
        let parsed = try ParsedManifest(bytes: Data(Self.artifact.utf8))
        try parsed.verify(against: parsed.descriptor)
        var wrongSize = parsed.descriptor
        wrongSize.size += 1
        #expect(ociError { try parsed.verify(against: wrongSize) }
            == .sizeMismatch(expected: wrongSize.size, actual: parsed.descriptor.size))
        var wrongDigest = parsed.descriptor
        wrongDigest.digest = try Digest(fakeDigest("0"))
        #expect(ociError { try parsed.verify(against: wrongDigest) }
            == .digestMismatch(expected: wrongDigest.digest, actual: parsed.digest))
    }
}
