import Foundation

/// The test CA and its server certificate for 127.0.0.1 and localhost, for a TLS server under
/// test that is not a registry of this module (`ferry serve`): clients trust `caCertificate`.
public struct ServingCertificate: Sendable {
    public let caCertificate: URL
    public let certificate: URL
    public let key: URL

    /// The process-wide set `TestCertificates` generates once.
    public static func shared() throws -> ServingCertificate {
        let shared = try TestCertificates.shared()
        return ServingCertificate(caCertificate: shared.caCertificate, certificate: shared.serverCertificate, key: shared.serverKey)
    }
}
