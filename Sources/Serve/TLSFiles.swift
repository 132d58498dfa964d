import HummingbirdTLS

/// `--tls-cert FILE --tls-key FILE`: a PEM certificate chain (server certificate first) and its
/// PEM private key, loaded once at start so a bad file stops the start, not the first client.
public struct TLSFiles: Sendable {
    let configuration: TLSConfiguration

    public init(certificate: String, key: String) throws {
        do {
            let chain = try NIOSSLCertificate.fromPEMFile(certificate)
            guard !chain.isEmpty else { throw ServeError.badOption("--tls-cert \(certificate) holds no PEM certificate") }
            let privateKey = try NIOSSLPrivateKey(file: key, format: .pem)
            configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) },
                                                                     privateKey: .privateKey(privateKey))
        } catch let error as ServeError {
            throw error
        } catch {
            throw ServeError.badOption("cannot load --tls-cert \(certificate) / --tls-key \(key): \(error)")
        }
    }
}
