import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging

/// Runs the read-only registry over a catalog until SIGINT or SIGTERM (graceful: requests in
/// flight finish).
public struct ServeServer: Sendable {
    public let catalog: ServeCatalog
    public let listen: ListenAddress
    public let tls: TLSFiles?
    public let authenticator: BasicAuthenticator?

    public init(catalog: ServeCatalog, listen: ListenAddress, tls: TLSFiles?, authenticator: BasicAuthenticator?) {
        self.catalog = catalog
        self.listen = listen
        self.tls = tls
        self.authenticator = authenticator
    }

    /// Serves; `listening` is called once with the bound address (the real port when 0 was asked).
    public func run(listening: @escaping @Sendable (ListenAddress) -> Void) async throws {
        let router = RegistryRouter(catalog: catalog, authenticator: authenticator, files: FileIO())
        var logger = Logger(label: "ferry-serve")
        logger.logLevel = .critical   // failures reach the caller as thrown errors; the rest is noise here
        let host = listen.host
        let server: HTTPServerBuilder = try tls.map { try .tls(.http1(), tlsConfiguration: $0.configuration) } ?? .http1()
        let application = Application(
            responder: router,
            server: server,
            configuration: ApplicationConfiguration(address: .hostname(host, port: listen.port), serverName: nil),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                if let bound = try? ListenAddress(parsing: "[\(host)]:\(port)") { listening(bound) }
            },
            logger: logger)
        try await application.runService()
    }
}
