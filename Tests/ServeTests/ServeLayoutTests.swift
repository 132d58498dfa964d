import ClientTestSupport
import Foundation
import OCI
import Registry
import Serve
import Store
import Testing
import TestSupport

/// A layout skopeo wrote (from an image pushed to a real docker-registry), served in process and
/// read back by skopeo and curl.
@Suite(.serialized) struct ServeLayoutTests {
    struct Fixture {
        let layout: URL
        let image: TestImage
        let referrer: TestImage
    }

    static let sbomType = "application/vnd.example.sbom"

    /// docker-registry ← the image; skopeo copies it into a layout tagged v1; a referrer of it
    /// (an SBOM-like artifact) is added to the layout as ferry stores referrers.
    static func fixture() async throws -> Fixture {
        let registry = try await RegistryServer.start()
        defer { registry.stop() }
        let image = try TestImage(layerSizes: [300_000, 4 << 20], seed: 41)
        try await image.push(makeClient(host: registry.host), to: Repository(registry: registry.host, name: "team/app"), tag: "v1")
        let layout = try TestTools.makeTempDirectory("ferry-serve-layout").appendingPathComponent("layout")
        try TestTools.runChecked("skopeo", ["copy", "--preserve-digests", "--src-tls-verify=false",
                                            "docker://\(registry.host)/team/app:v1", "oci:\(layout.path):v1"])
        let referrer = try TestImage(layerSizes: [100], seed: 42, subject: image.manifest.descriptor, artifactType: sbomType)
        let content = LayoutContent(layout: try OCILayout(root: layout, create: false), tag: nil)
        for blob in referrer.blobs { try content.layout.ingest(blob.descriptor, data: blob.data) }
        try await content.putManifest(referrer.manifest, tag: nil)
        return Fixture(layout: layout, image: image, referrer: referrer)
    }

    /// The fixture's layout served as repository "app".
    static func served(tls: TLSFiles? = nil, authenticator: BasicAuthenticator? = nil) async throws -> (Fixture, RunningServe) {
        let fixture = try await fixture()
        let catalog = try ServeCatalog(source: try LayoutServeSource(path: fixture.layout.path), defaultRepository: "app")
        return (fixture, try await RunningServe(catalog, tls: tls, authenticator: authenticator))
    }

    @Test func skopeoAndCurlReadALayout() async throws {
        let (fixture, serve) = try await Self.served()
        defer { Task { await serve.stop() } }
        try await clients {
            // skopeo sees the same manifest bytes, and copies the image out whole.
            let raw = try skopeoRawManifest("\(serve.address)/app:v1")
            #expect(raw == fixture.image.manifest.bytes)
            let out = try TestTools.makeTempDirectory("ferry-serve-copy")
            try TestTools.runChecked("skopeo", ["copy", "--preserve-digests", "--src-tls-verify=false",
                                                "docker://\(serve.address)/app:v1", "oci:\(out.path):v1"])
            for blob in fixture.image.blobs {
                let copied = try Data(contentsOf: out.appendingPathComponent("blobs/sha256/\(blob.descriptor.digest.encoded)"))
                #expect(copied == blob.data)
            }

            let base = try CurlResult.get(serve.url("/v2/"))
            #expect(base.status == 200)
            #expect(base.headers["docker-distribution-api-version"] == "registry/2.0")

            let manifest = try CurlResult.get(serve.url("/v2/app/manifests/v1"), ["-I"])
            #expect(manifest.status == 200)
            #expect(manifest.headers["content-type"] == MediaType.ociManifest)
            #expect(manifest.headers["docker-content-digest"] == fixture.image.manifest.digest.description)
            #expect(manifest.headers["content-length"] == String(fixture.image.manifest.bytes.count))
            let byDigest = try CurlResult.get(serve.url("/v2/app/manifests/\(fixture.image.manifest.digest)"))
            #expect(byDigest.body == fixture.image.manifest.bytes)

            let tags = try CurlResult.get(serve.url("/v2/app/tags/list"))
            #expect(tags.text == #"{"name":"app","tags":["v1"]}"#)
            let catalogList = try CurlResult.get(serve.url("/v2/_catalog"))
            #expect(catalogList.text == #"{"repositories":["app"]}"#)
        }
    }

    @Test func rangesErrorsAndWrites() async throws {
        let (fixture, serve) = try await Self.served()
        defer { Task { await serve.stop() } }
        try await clients {
            let layer = fixture.image.layers[1]
            let blobURL = serve.url("/v2/app/blobs/\(layer.descriptor.digest)")

            let part = try CurlResult.get(blobURL, ["-r", "1000-1999"])
            #expect(part.status == 206)
            #expect(part.body == layer.data.subdata(in: 1000..<2000))
            #expect(part.headers["content-range"] == "bytes 1000-1999/\(layer.data.count)")
            let tail = try CurlResult.get(blobURL, ["-r", "-10"])
            #expect(tail.body == layer.data.suffix(10))
            let open = try CurlResult.get(blobURL, ["-r", "\(layer.data.count - 5)-"])
            #expect(open.body == layer.data.suffix(5))
            let beyond = try CurlResult.get(blobURL, ["-r", "\(layer.data.count)-"])
            #expect(beyond.status == 416)
            #expect(beyond.headers["content-range"] == "bytes */\(layer.data.count)")
            let whole = try CurlResult.get(blobURL)
            #expect(whole.status == 200 && whole.body == layer.data)

            let unknownManifest = try CurlResult.get(serve.url("/v2/app/manifests/v2"))
            #expect(unknownManifest.status == 404 && unknownManifest.text.contains("MANIFEST_UNKNOWN"))
            let unknownBlob = try CurlResult.get(serve.url("/v2/app/blobs/sha256:\(String(repeating: "0", count: 64))"))
            #expect(unknownBlob.status == 404 && unknownBlob.text.contains("BLOB_UNKNOWN"))
            let unknownName = try CurlResult.get(serve.url("/v2/other/tags/list"))
            #expect(unknownName.status == 404 && unknownName.text.contains("NAME_UNKNOWN"))
            for method in ["PUT", "POST", "DELETE", "PATCH"] {
                let write = try CurlResult.get(serve.url("/v2/app/manifests/v1"), ["-X", method, "--data-binary", "{}"])
                #expect(write.status == 405, "\(method)")
                #expect(write.text.contains("UNSUPPORTED"), "\(method)")
            }
            let upload = try CurlResult.get(serve.url("/v2/app/blobs/uploads/"), ["-X", "POST"])
            #expect(upload.status == 405)
        }
    }

    @Test func referrersAndPagination() async throws {
        let (fixture, serve) = try await Self.served()
        defer { Task { await serve.stop() } }
        try await clients {
            let subject = fixture.image.manifest.digest

            let all = try CurlResult.get(serve.url("/v2/app/referrers/\(subject)"))
            #expect(all.status == 200)
            #expect(all.headers["content-type"] == MediaType.ociIndex)
            let index = try JSONDecoder().decode(ImageIndex.self, from: all.body)
            #expect(index.manifests.map(\.digest) == [fixture.referrer.manifest.digest])
            #expect(index.manifests.first?.artifactType == Self.sbomType)
            let filtered = try CurlResult.get(serve.url("/v2/app/referrers/\(subject)?artifactType=application/other"))
            #expect(try JSONDecoder().decode(ImageIndex.self, from: filtered.body).manifests.isEmpty)
            #expect(filtered.headers["oci-filters-applied"] == "artifactType")

            let page = try CurlResult.get(serve.url("/v2/app/tags/list?n=0"))
            #expect(page.text == #"{"name":"app","tags":[]}"#)
            #expect(page.headers["link"] == nil || page.headers["link"]?.contains("n=0") == true)
            let after = try CurlResult.get(serve.url("/v2/app/tags/list?last=v1"))
            #expect(after.text == #"{"name":"app","tags":[]}"#)
            let bad = try CurlResult.get(serve.url("/v2/app/tags/list?n=x"))
            #expect(bad.status == 400)
        }
    }

    /// 50 downloads of the 4 MiB layer at once, by curl in parallel: each must arrive whole.
    @Test func fiftyConcurrentPulls() async throws {
        let (fixture, serve) = try await Self.served()
        defer { Task { await serve.stop() } }
        try await clients {
            let layer = fixture.image.layers[1]
            let out = try TestTools.makeTempDirectory("ferry-serve-parallel")
            var arguments = ["-s", "--fail", "--parallel", "--parallel-max", "50", "--parallel-immediate"]
            for i in 0..<50 { arguments += [serve.url("/v2/app/blobs/\(layer.descriptor.digest)"), "-o", out.appendingPathComponent("\(i)").path] }
            try TestTools.runChecked("curl", arguments, timeout: 60)
            for i in 0..<50 {
                let data = try Data(contentsOf: out.appendingPathComponent("\(i)"))
                #expect(Digest.sha256(of: data) == layer.descriptor.digest, "download \(i): \(data.count) bytes")
            }
        }
    }
}
