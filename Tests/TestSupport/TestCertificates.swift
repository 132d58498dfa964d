import Foundation

/// Keys and certificates for the TLS registry and the token server, made with the `openssl` CLI
/// once per test process and shared by every server (RSA key generation is the slow part).
///
/// - `caCertificate`: a self-signed CA; clients trust it via `--cacert` / a certs.d directory.
/// - `serverCertificate`/`serverKey`: issued by that CA for IP 127.0.0.1 and DNS localhost,
///   with serverAuth usage, so strict clients (Go, OpenSSL, libcurl) accept it.
/// - `tokenCertificate`/`tokenKey`: a self-signed RSA certificate the token server signs JWTs
///   with; the registry lists it as `rootcertbundle` and the JWT carries it in `x5c`.
struct TestCertificates: Sendable {
    let directory: URL
    let caCertificate: URL
    let serverCertificate: URL
    let serverKey: URL
    let tokenCertificate: URL
    let tokenKey: URL

    /// The process-wide set, generated on first use. The directory is removed at exit.
    static func shared() throws -> TestCertificates {
        try CertificateCache.instance.get()
    }

    /// The token certificate as base64 DER, the form a JWS `x5c` header wants.
    func tokenCertificateDERBase64() throws -> String {
        let pem = try String(contentsOf: tokenCertificate, encoding: .utf8)
        return pem.split(separator: "\n")
            .filter { !$0.hasPrefix("-----") }
            .joined()
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    fileprivate static func generate() throws -> TestCertificates {
        let directory = try TestTools.makeTempDirectory("ferry-test-certs")
        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
        let days = "3650"
        try TestTools.runChecked("openssl", [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256", "-days", days,
            "-keyout", path("ca.key"), "-out", path("ca.crt"), "-subj", "/CN=ferry test CA",
            "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        ])
        try TestTools.runChecked("openssl", [
            "req", "-new", "-newkey", "rsa:2048", "-nodes", "-sha256",
            "-keyout", path("server.key"), "-out", path("server.csr"), "-subj", "/CN=localhost",
        ])
        let extensions = """
            basicConstraints=critical,CA:FALSE
            keyUsage=critical,digitalSignature,keyEncipherment
            extendedKeyUsage=serverAuth
            subjectAltName=IP:127.0.0.1,DNS:localhost

            """
        try Data(extensions.utf8).write(to: directory.appendingPathComponent("server.ext"))
        try TestTools.runChecked("openssl", [
            "x509", "-req", "-sha256", "-days", days, "-in", path("server.csr"),
            "-CA", path("ca.crt"), "-CAkey", path("ca.key"), "-set_serial", "2",
            "-extfile", path("server.ext"), "-out", path("server.crt"),
        ])
        try TestTools.runChecked("openssl", [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256", "-days", days,
            "-keyout", path("token.key"), "-out", path("token.crt"), "-subj", "/CN=ferry test token signer",
        ])
        return TestCertificates(
            directory: directory,
            caCertificate: directory.appendingPathComponent("ca.crt"),
            serverCertificate: directory.appendingPathComponent("server.crt"),
            serverKey: directory.appendingPathComponent("server.key"),
            tokenCertificate: directory.appendingPathComponent("token.crt"),
            tokenKey: directory.appendingPathComponent("token.key"))
    }
}

/// Holds the generated set behind a lock so parallel tests generate it once.
private final class CertificateCache: @unchecked Sendable {
    static let instance = CertificateCache()
    private let lock = NSLock()
    private var certificates: TestCertificates?

    func get() throws -> TestCertificates {
        lock.lock()
        defer { lock.unlock() }
        if let certificates { return certificates }
        let made = try TestCertificates.generate()
        certificates = made
        TempCleanup.removeAtExit(made.directory)
        return made
    }
}
