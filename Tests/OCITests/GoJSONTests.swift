import Foundation
import Testing
@testable import OCI

struct GoJSONTests {
    @Test(arguments: [
        ("plain", #""plain""#),
        ("a/b", #""a/b""#),
        ("<script>&", #""\u003cscript\u003e\u0026""#),
        ("q\"b\\", #""q\"b\\""#),
        ("\n\r\t", #""\n\r\t""#),
        ("\u{08}\u{0C}", #""\b\f""#),
        ("\u{00}\u{01}\u{1F}\u{7F}", #""\u0000\u0001\u001f\#u{7F}""#),
        ("\u{2028}\u{2029}", #""\u2028\u2029""#),
        ("é✓😀", "\"é✓😀\""),
    ])
    func quote(input: String, expected: String) {
        #expect(GoJSON.quote(input) == expected)
    }

    /// Every control character, pinned byte for byte against Go ≥ 1.22's `json.Marshal`.
    @Test func everyControlCharacter() {
        let input = String(decoding: (0..<0x20).map { UInt8($0) }, as: UTF8.self)
        let expected = #""\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000b\f\r\u000e\u000f"#
            + #"\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f""#
        #expect(GoJSON.quote(input) == expected)
    }

    /// Go replaces each byte that starts no valid UTF-8 sequence with an escaped U+FFFD (one per
    /// byte); a real U+FFFD, and whatever a Swift String repaired, is written verbatim.
    @Test(arguments: [
        ([0x61, 0xFF, 0x62], #""a\ufffdb""#),
        ([0xE2, 0x82, 0x41], #""\ufffd\ufffdA""#),              // truncated sequence
        ([0xC0, 0x80], #""\ufffd\ufffd""#),                    // overlong NUL
        ([0xED, 0xA0, 0x80], #""\ufffd\ufffd\ufffd""#),         // surrogate U+D800
        ([0xF4, 0x90, 0x80, 0x80], #""\ufffd\ufffd\ufffd\ufffd""#), // above U+10FFFF
        ([0xEF, 0xBF, 0xBD, 0xE2, 0x80, 0xA8], "\"\u{FFFD}\\u2028\""),
        ([0xF0, 0x9F, 0x98, 0x80, 0x3C], "\"😀\\u003c\""),
    ] as [([UInt8], String)])
    func quoteBytes(input: [UInt8], expected: String) {
        #expect(GoJSON.quote(utf8: input) == expected)
    }

    @Test func repairedStringKeepsReplacementCharacter() {
        #expect(GoJSON.quote(String(decoding: [0x61, 0xFF], as: UTF8.self)) == "\"a\u{FFFD}\"")
    }

    @Test func mapKeysSortedByBytes() {
        // Swift's String order puts the decomposed "e\u{301}" after "f" (it compares as "é");
        // Go compares bytes, so 0x65 sorts first.
        let map = ["f": "1", "e\u{301}": "2", "B": "<", "a": "&", "_": ""]
        let expected = #"{"B":"\u003c","_":"","a":"\u0026","e\#u{301}":"2","f":"1"}"#
        #expect(String(decoding: GoJSON.encode(map), as: UTF8.self) == expected)
        #expect(GoJSON.encodeString(map) == expected)
        #expect(GoJSON.encodeString([:]) == "{}")
    }

    @Test func emptyDescriptorMatchesImageSpec() throws {
        // image-spec's DescriptorEmptyJSON, as Go marshals it.
        var descriptor = Descriptor(mediaType: MediaType.ociEmpty, digest: try Digest(emptyJSONDigest), size: 2)
        descriptor.data = "e30="
        let expected = #"{"mediaType":"application/vnd.oci.empty.v1+json","digest":"\#(emptyJSONDigest)","size":2,"data":"e30="}"#
        #expect(String(decoding: descriptor.goJSON(), as: UTF8.self) == expected)
    }

    @Test func descriptorFieldOrderAndOmitEmpty() throws {
        var descriptor = Descriptor(
            mediaType: MediaType.ociManifest, digest: try Digest(fakeDigest("a")), size: 7,
            annotations: ["z": "last", "a": "<b>"],
            platform: Platform(os: "linux", architecture: "arm64", variant: "v8"),
            artifactType: "application/x&y")
        descriptor.urls = ["https://example.com/x?a=1&b=2"]
        descriptor.platform?.features = ["dropped: not in image-spec v1.1"]
        descriptor.platform?.osFeatures = []
        let expected = #"{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"\#(fakeDigest("a"))","#
            + #""size":7,"urls":["https://example.com/x?a=1\u0026b=2"],"annotations":{"a":"\u003cb\u003e","z":"last"},"#
            + #""platform":{"architecture":"arm64","os":"linux","variant":"v8"},"artifactType":"application/x\u0026y"}"#
        #expect(String(decoding: descriptor.goJSON(), as: UTF8.self) == expected)

        var bare = Descriptor(mediaType: "", digest: try Digest(fakeDigest("b")), size: 0,
                              annotations: [:], platform: Platform(os: "", architecture: ""), artifactType: "")
        bare.urls = []
        bare.data = ""
        let bareExpected = #"{"mediaType":"","digest":"\#(fakeDigest("b"))","size":0,"platform":{"architecture":"","os":""}}"#
        #expect(String(decoding: bare.goJSON(), as: UTF8.self) == bareExpected)
    }

    @Test func platformOptionalFieldsInGoOrder() throws {
        var platform = Platform(os: "windows", architecture: "amd64", variant: "v2")
        platform.osVersion = "10.0"
        platform.osFeatures = ["win32k"]
        let descriptor = Descriptor(mediaType: "m", digest: try Digest(fakeDigest("c")), size: 1, platform: platform)
        let expected = #"{"mediaType":"m","digest":"\#(fakeDigest("c"))","size":1,"platform":{"architecture":"amd64","#
            + #""os":"windows","os.version":"10.0","os.features":["win32k"],"variant":"v2"}}"#
        #expect(String(decoding: descriptor.goJSON(), as: UTF8.self) == expected)
    }

    @Test func manifestKeepsEmptyLayersAndOmitsEmptyFields() throws {
        var config = Descriptor(mediaType: MediaType.ociEmpty, digest: try Digest(emptyJSONDigest), size: 2)
        config.data = "e30="
        let manifest = ImageManifest(config: config, layers: [], annotations: [:])
        let expected = #"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","#
            + #""config":{"mediaType":"application/vnd.oci.empty.v1+json","digest":"\#(emptyJSONDigest)","size":2,"#
            + #""data":"e30="},"layers":[]}"#
        #expect(String(decoding: manifest.goJSON(), as: UTF8.self) == expected)
    }

    @Test func fullManifestFieldOrder() throws {
        let subject = Descriptor(mediaType: MediaType.ociManifest, digest: try Digest(fakeDigest("e")), size: 3)
        let manifest = ImageManifest(
            artifactType: "application/spdx+json",
            config: Descriptor(mediaType: MediaType.ociEmpty, digest: try Digest(emptyJSONDigest), size: 2),
            layers: [Descriptor(mediaType: "application/spdx+json", digest: try Digest(fakeDigest("d")), size: 10)],
            subject: subject,
            annotations: ["org.opencontainers.image.created": "2024-01-01T00:00:00Z"])
        let expected = #"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","#
            + #""artifactType":"application/spdx+json","#
            + #""config":{"mediaType":"application/vnd.oci.empty.v1+json","digest":"\#(emptyJSONDigest)","size":2},"#
            + #""layers":[{"mediaType":"application/spdx+json","digest":"\#(fakeDigest("d"))","size":10}],"#
            + #""subject":{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"\#(fakeDigest("e"))","size":3},"#
            + #""annotations":{"org.opencontainers.image.created":"2024-01-01T00:00:00Z"}}"#
        #expect(String(decoding: manifest.goJSON(), as: UTF8.self) == expected)
    }

    @Test func gatherIndex() throws {
        let entry = Descriptor(
            mediaType: MediaType.ociIndex, digest: try Digest(fakeDigest("a")), size: 9,
            annotations: [
                AnnotationKey.refName: "busybox:1.36",
                AnnotationKey.manifestSource: "busybox:1.36",
                AnnotationKey.labels: GoJSON.encodeString(["tier": "a&b"]),
            ])
        let index = ImageIndex(
            artifactType: MediaType.gatherArtifactType, manifests: [entry],
            annotations: [AnnotationKey.layerSizeDeduplicated: "9", AnnotationKey.layerSizeTotal: "18"])
        let expected = #"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","#
            + #""artifactType":"application/vnd.act3-ace.data.gather+json","#
            + #""manifests":[{"mediaType":"application/vnd.oci.image.index.v1+json","digest":"\#(fakeDigest("a"))","#
            + #""size":9,"annotations":{"data.act3-ace.io/labels":"{\"tier\":\"a\\u0026b\"}","#
            + #""org.opencontainers.image.ref.name":"busybox:1.36","vnd.act3-ace.manifest.source":"busybox:1.36"}}],"#
            + #""annotations":{"vnd.act3-ace.data.layer.size.deduplicated":"9","vnd.act3-ace.data.layer.size.total":"18"}}"#
        #expect(String(decoding: index.goJSON(), as: UTF8.self) == expected)

        let empty = ImageIndex(mediaType: nil, manifests: [])
        #expect(String(decoding: empty.goJSON(), as: UTF8.self) == #"{"schemaVersion":2,"manifests":[]}"#)
    }

    @Test func descriptorArray() throws {
        let d = Descriptor(mediaType: "m", digest: try Digest(fakeDigest("f")), size: 1)
        #expect(String(decoding: GoJSON.encode([d, d]), as: UTF8.self)
            == #"[{"mediaType":"m","digest":"\#(fakeDigest("f"))","size":1},{"mediaType":"m","digest":"\#(fakeDigest("f"))","size":1}]"#)
        #expect(String(decoding: GoJSON.encode([Descriptor]()), as: UTF8.self) == "[]")
    }

    @Test func goWrittenBytesRoundTrip() throws {
        // Compact Go output parses and re-encodes to the same bytes, so the digest is stable.
        let bytes = Data(ParsedManifestTests.ociIndex.utf8)
        let parsed = try ParsedManifest(bytes: bytes)
        let index = try #require(parsed.index)
        #expect(index.goJSON() == bytes)
        #expect(Digest.sha256(of: index.goJSON()) == parsed.digest)
    }
}
