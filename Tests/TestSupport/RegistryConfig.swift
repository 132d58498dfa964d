import Foundation

/// The `config.yml` for one `docker-registry serve` (CNCF distribution 2.8) instance.
///
/// Written by hand rather than with a YAML library because it is a fixed shape with a few paths
/// and ports filled in; every value is quoted so a temp path can never break the YAML.
struct RegistryConfig {
    var port: Int
    /// Sent back in an `X-Ferry-Test-Registry` header on every response, so a readiness probe
    /// can tell this registry from whatever else might answer on its port.
    var instanceID: String
    var storageDirectory: URL
    var tls: (certificate: URL, key: URL)?
    var htpasswdFile: URL?
    var token: (realm: String, service: String, issuer: String, rootCertBundle: URL)?

    /// The YAML text.
    ///
    /// - The access log (gorilla combined format, on stdout) is what `accessLog()` parses.
    /// - A fixed `http.secret` keeps the "no HTTP secret" warning out of every log.
    /// - `delete: enabled` so tests can exercise DELETE of manifests and blobs.
    /// - No `http.host`: the registry builds `Location` URLs from the request's `Host` header,
    ///   which keeps upload URLs pointing at the fault proxy when one is in front.
    var yaml: String {
        var text = """
            version: 0.1
            log:
              level: info
              formatter: text
              accesslog:
                disabled: false
            storage:
              filesystem:
                rootdirectory: \(quote(storageDirectory.path))
              delete:
                enabled: true
              maintenance:
                uploadpurging:
                  enabled: false
            http:
              addr: \(quote("127.0.0.1:\(port)"))
              secret: "ferry-test-registry-secret"
              headers:
                X-Ferry-Test-Registry: [\(quote(instanceID))]

            """
        if let tls {
            text += """
                  tls:
                    certificate: \(quote(tls.certificate.path))
                    key: \(quote(tls.key.path))

                """
        }
        if let htpasswdFile {
            text += """
                auth:
                  htpasswd:
                    realm: "ferry-test-registry"
                    path: \(quote(htpasswdFile.path))

                """
        } else if let token {
            text += """
                auth:
                  token:
                    realm: \(quote(token.realm))
                    service: \(quote(token.service))
                    issuer: \(quote(token.issuer))
                    rootcertbundle: \(quote(token.rootCertBundle.path))

                """
        }
        return text
    }

    /// A YAML double-quoted scalar.
    private func quote(_ value: String) -> String {
        "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
