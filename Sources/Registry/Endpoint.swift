import Config
import Foundation
import OCI

/// Where requests for a registry host actually go: scheme, host, port, and the TLS to use there.
public struct Endpoint: Sendable, Hashable {
    /// "https://host:port", no trailing slash.
    public var baseURL: String
    public var tls: TLSOptions
    /// A pull-through mirror listed before the registry itself: a 404 there moves on to the next.
    public var isMirror: Bool
    public var isPlainHTTP: Bool { baseURL.hasPrefix("http://") }
}

/// Turns a registry name into its ordered endpoints, following the config and docker's rules.
struct EndpointResolver: Sendable {
    let configuration: FerryConfiguration
    let certificates: CertificateDirectories


    /// Loopback hosts may speak plain HTTP without configuration, as docker allows.
    static func isLoopback(_ host: String) -> Bool {
        var name = host
        if name.hasPrefix("["), let close = name.firstIndex(of: "]") {
            name = String(name[name.index(after: name.startIndex)..<close])
        } else if let colon = name.lastIndex(of: ":"), name.filter({ $0 == ":" }).count == 1 {
            name = String(name[..<colon])
        }
        return name == "localhost" || name == "::1" || name.hasPrefix("127.")
    }

    /// Ordered candidates: configured endpoints (mirrors first, as written), else HTTPS, then
    /// plain HTTP for loopback only. For a push only the registry's own endpoints count.
    func endpoints(for registry: String, forPush: Bool) throws -> [Endpoint] {
        let settings = configuration.registrySettings(forHost: registry)
        var urls: [String] = settings?.endpoints.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 } ?? []
        let host = Reference.apiHost(forRegistry: registry)
        if urls.isEmpty {
            urls = ["https://\(host)"]
            if Self.isLoopback(host) { urls.append("http://\(host)") }
        }
        var result: [Endpoint] = []
        for (position, url) in urls.enumerated() {
            guard url.hasPrefix("https://") || url.hasPrefix("http://") else {
                throw RegistryError(.invalidInput, operation: "endpoint for \(registry)",
                                    detail: "\"\(url)\" must start with https:// or http://")
            }
            let endpointHost = Self.host(ofURL: url)
            let isOwn = endpointHost == host || endpointHost == registry || position == urls.count - 1
            result.append(Endpoint(baseURL: url, tls: try tlsOptions(url: url, host: endpointHost), isMirror: !isOwn))
        }
        // Mirrors serve pulls only; pushes go to the registry itself.
        return forPush ? result.filter { !$0.isMirror } : result
    }

    /// "host:port" of an "https://host:port/path" URL.
    static func host(ofURL url: String) -> String {
        let rest = url.split(separator: "/", omittingEmptySubsequences: true)
        return rest.count > 1 ? String(rest[1]) : url
    }

    /// TLS for an endpoint: the config's `endpointConfig.<url>.tls`, plus certs.d files for the host.
    func tlsOptions(url: String, host: String) throws -> TLSOptions {
        var options = TLSOptions()
        let certs = certificates.certificates(forHost: host)
        var pem = Data()
        var caFiles = certs.caFiles
        if let tls = configuration.endpointSettings(forURL: url)?.tls {
            options.insecureSkipVerify = tls.insecureSkipVerify
            if let ca = tls.caFile { caFiles.append(ca) }
            options.clientCertificateFile = tls.certFile
            options.clientKeyFile = tls.keyFile
        }
        for file in caFiles {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw RegistryError(.invalidInput, operation: "TLS for \(host)", detail: "cannot read CA file \(file)")
            }
            pem.append(data)
            pem.append(Data("\n".utf8))
        }
        if !pem.isEmpty { options.extraCAPEM = pem }
        if options.clientCertificateFile == nil, let cert = certs.clientCertificate, let key = certs.clientKey {
            options.clientCertificateFile = cert
            options.clientKeyFile = key
        }
        return options
    }
}
