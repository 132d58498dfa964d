import Foundation

/// TLS material found for one registry host in the certs.d directories.
public struct HostCertificates: Sendable, Equatable {
    /// Extra CA certificates (PEM) to trust for this host, from every root, in search order.
    public var caFiles: [String]
    /// Client certificate (PEM) for mutual TLS; always paired with `clientKey`.
    public var clientCertificate: String?
    public var clientKey: String?

    public init(caFiles: [String] = [], clientCertificate: String? = nil, clientKey: String? = nil) {
        self.caFiles = caFiles
        self.clientCertificate = clientCertificate
        self.clientKey = clientKey
    }

    /// True when nothing was found, so the system trust store alone applies.
    public var isEmpty: Bool { caFiles.isEmpty && clientCertificate == nil && clientKey == nil }
}

/// Per-host certificate directories as docker, containerd and ace-dt use them: `ROOT/HOST/`, where
/// HOST is written as in the reference, port included (`127.0.0.1:5000`).
///
/// Both naming styles are read: docker's (`*.crt` are CAs, `NAME.cert` + `NAME.key` a client pair,
/// usually `client.cert`/`client.key`) and ace-dt's (`ca.pem`, `cert.pem` + `key.pem`). A client
/// certificate without its key is ignored rather than failing the handshake later.
public struct CertificateDirectories: Sendable {
    /// The directories searched, in order.
    public let roots: [String]

    /// `roots` if given; else `$FERRY_CERTS_DIR` (colon-separated) if set; else
    /// `/etc/containerd/certs.d`, `/etc/docker/certs.d` and `$HOME/.docker/certs.d`.
    public init(roots: [String]? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) {
        if let roots {
            self.roots = roots
        } else if let override = environment["FERRY_CERTS_DIR"], !override.isEmpty {
            self.roots = override.split(separator: ":").map(String.init)
        } else {
            var defaults = ["/etc/containerd/certs.d", "/etc/docker/certs.d"]
            if let home = environment["HOME"], !home.isEmpty { defaults.append(home + "/.docker/certs.d") }
            self.roots = defaults
        }
    }

    /// Everything found for `host` across all roots: every CA file, and the first complete
    /// client certificate/key pair in search order.
    public func certificates(forHost host: String) -> HostCertificates {
        var result = HostCertificates()
        for root in roots {
            let directory = (root.hasSuffix("/") ? String(root.dropLast()) : root) + "/" + host
            let found = Self.scan(directory)
            result.caFiles += found.caFiles
            if result.clientCertificate == nil, let certificate = found.clientCertificate, let key = found.clientKey {
                result.clientCertificate = certificate
                result.clientKey = key
            }
        }
        return result
    }

    /// The files in one host directory, names sorted so the result does not depend on the file system.
    private static func scan(_ directory: String) -> HostCertificates {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return HostCertificates() }
        let files = Set(names.filter { isFile(directory + "/" + $0) })
        var result = HostCertificates()
        for name in files.sorted() where name.hasSuffix(".crt") || name == "ca.pem" {
            result.caFiles.append(directory + "/" + name)
        }
        // Preferred pairs first, then any other docker-style NAME.cert with its NAME.key.
        var pairs = [("client.cert", "client.key"), ("cert.pem", "key.pem")]
        for name in files.sorted() where name.hasSuffix(".cert") && name != "client.cert" {
            pairs.append((name, String(name.dropLast(".cert".count)) + ".key"))
        }
        if let (certificate, key) = pairs.first(where: { files.contains($0.0) && files.contains($0.1) }) {
            result.clientCertificate = directory + "/" + certificate
            result.clientKey = directory + "/" + key
        }
        return result
    }

    private static func isFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }
}
