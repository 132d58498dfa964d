import Config
import Testing

@Suite struct CertificateDirectoriesTests {
    @Test func dockerNaming() throws {
        let root = try TemporaryDirectory()
        let host = root.path + "/reg.io:5000"
        for name in ["ca.crt", "extra.crt", "client.cert", "client.key", "README"] {
            try root.write("reg.io:5000/\(name)", "x")
        }
        let found = CertificateDirectories(roots: [root.path], environment: [:]).certificates(forHost: "reg.io:5000")
        #expect(found == HostCertificates(
            caFiles: [host + "/ca.crt", host + "/extra.crt"],
            clientCertificate: host + "/client.cert", clientKey: host + "/client.key"))
        #expect(!found.isEmpty)
    }

    @Test func aceDTNaming() throws {
        let root = try TemporaryDirectory()
        for name in ["ca.pem", "cert.pem", "key.pem"] { try root.write("127.0.0.1:5000/\(name)", "x") }
        let host = root.path + "/127.0.0.1:5000"
        let found = CertificateDirectories(roots: [root.path], environment: [:]).certificates(forHost: "127.0.0.1:5000")
        #expect(found == HostCertificates(caFiles: [host + "/ca.pem"], clientCertificate: host + "/cert.pem", clientKey: host + "/key.pem"))
    }

    @Test(arguments: [["client.cert"], ["cert.pem"], ["client.key"], ["mine.cert", "client.key"]])
    func certificateWithoutItsKeyIsIgnored(names: [String]) throws {
        let root = try TemporaryDirectory()
        for name in names + ["ca.crt"] { try root.write("reg.io/\(name)", "x") }
        let found = CertificateDirectories(roots: [root.path], environment: [:]).certificates(forHost: "reg.io")
        #expect(found.caFiles == [root.path + "/reg.io/ca.crt"])
        #expect(found.clientCertificate == nil && found.clientKey == nil)
    }

    @Test func rootsAreSearchedInOrder() throws {
        let first = try TemporaryDirectory()
        let second = try TemporaryDirectory()
        try first.write("reg.io/ca.crt", "x")
        try second.write("reg.io/ca.pem", "x")
        try second.write("reg.io/cert.pem", "x")
        try second.write("reg.io/key.pem", "x")
        let found = CertificateDirectories(roots: [first.path, second.path], environment: [:]).certificates(forHost: "reg.io")
        #expect(found.caFiles == [first.path + "/reg.io/ca.crt", second.path + "/reg.io/ca.pem"])
        #expect(found.clientCertificate == second.path + "/reg.io/cert.pem")
        #expect(CertificateDirectories(roots: [first.path], environment: [:]).certificates(forHost: "other.io").isEmpty)
    }

    @Test func environmentOverride() throws {
        let first = try TemporaryDirectory()
        let second = try TemporaryDirectory()
        try second.write("reg.io/ca.crt", "x")
        let directories = CertificateDirectories(environment: ["FERRY_CERTS_DIR": "\(first.path):\(second.path)", "HOME": "/nonexistent"])
        #expect(directories.roots == [first.path, second.path])
        #expect(directories.certificates(forHost: "reg.io").caFiles == [second.path + "/reg.io/ca.crt"])
    }

    @Test func defaultRoots() {
        let directories = CertificateDirectories(environment: ["HOME": "/home/someone"])
        #expect(directories.roots == ["/etc/containerd/certs.d", "/etc/docker/certs.d", "/home/someone/.docker/certs.d"])
    }
}
