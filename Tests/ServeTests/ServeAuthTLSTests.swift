import ClientTestSupport
import Foundation
import OCI
import Serve
import Testing
import TestSupport

/// HTTPS with the test CA and htpasswd (bcrypt) Basic auth: curl and skopeo as clients.
@Suite struct ServeAuthTLSTests {
    @Test func basicAuthOverTLS() async throws {
        let entry = try TestTools.runChecked("htpasswd", ["-nbB", "reader", "s3cret pass"]).stdout
        let certificate = try ServingCertificate.shared()
        let (fixture, serve) = try await ServeLayoutTests.served(
            tls: try TLSFiles(certificate: certificate.certificate.path, key: certificate.key.path),
            authenticator: try BasicAuthenticator(htpasswd: entry, path: "htpasswd"))
        defer { Task { await serve.stop() } }
        try await clients {
            let cacert = ["--cacert", certificate.caCertificate.path]

            let anonymous = try CurlResult.get(serve.url("/v2/", scheme: "https"), cacert)
            #expect(anonymous.status == 401)
            #expect(anonymous.headers["www-authenticate"] == #"Basic realm="ferry serve""#)
            #expect(anonymous.text.contains("UNAUTHORIZED"))
            let wrong = try CurlResult.get(serve.url("/v2/", scheme: "https"), cacert + ["-u", "reader:wrong"])
            #expect(wrong.status == 401)
            let admitted = try CurlResult.get(serve.url("/v2/app/manifests/v1", scheme: "https"), cacert + ["-u", "reader:s3cret pass"])
            #expect(admitted.status == 200)
            #expect(admitted.body == fixture.image.manifest.bytes)
            let write = try CurlResult.get(serve.url("/v2/app/manifests/v1", scheme: "https"), cacert + ["-X", "PUT"])
            #expect(write.status == 401, "writes are refused too, after auth")

            // skopeo trusts the CA from a certs directory and logs in with the htpasswd user.
            let certs = try TestTools.makeTempDirectory("ferry-serve-certs")
            try FileManager.default.copyItem(at: certificate.caCertificate, to: certs.appendingPathComponent("ca.crt"))
            let out = try TestTools.makeTempDirectory("ferry-serve-tls-copy")
            try TestTools.runChecked("skopeo", ["copy", "--preserve-digests", "--src-cert-dir", certs.path, "--src-creds", "reader:s3cret pass",
                                                "docker://\(serve.address)/app:v1", "oci:\(out.path):v1"])
            let layer = fixture.image.layers[1].descriptor.digest
            #expect(Digest.sha256(of: try Data(contentsOf: out.appendingPathComponent("blobs/sha256/\(layer.encoded)"))) == layer)
            let refused = try TestTools.run("skopeo", ["inspect", "--raw", "--cert-dir", certs.path, "docker://\(serve.address)/app:v1"])
            #expect(refused.status != 0)
        }
    }
}

/// An htpasswd file is read as docker-registry reads it (bcrypt is checked in OCI's `BcryptTests`).
@Suite struct BasicAuthenticatorTests {
    @Test func htpasswdFilesTakeOnlyBcrypt() throws {
        let md5 = try TestTools.runChecked("htpasswd", ["-nbm", "user", "pass"]).stdout
        #expect(throws: ServeError.self) { try BasicAuthenticator(htpasswd: md5, path: "h") }
        #expect(throws: ServeError.self) { try BasicAuthenticator(htpasswd: "# nothing\n", path: "h") }
    }
}
