import ArgumentParser
import Foundation
import Serve
import Workflows

/// `ferry serve SOURCE`: a read-only OCI distribution endpoint over a layout, the local store or
/// a stream file, for a far side with no registry and for looking into a stream before it crosses.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve an OCI layout, the local store or a stream file as a read-only registry.",
        discussion: """
        SOURCE is oci:DIR (an OCI image layout), store: (ferry's local store, where archive works) or FILE, a stream \
        written by serialize (plain tar; decompress a gzip or zstd stream first). A stream is read once at start and \
        every blob's digest checked; blobs are then read in place, nothing is extracted.

        Names: a bare tag in index.json (org.opencontainers.image.ref.name) is served as REPOSITORY:TAG, REPOSITORY \
        being --repository (default: the directory or file name). A whole reference there or in \
        vnd.act3-ace.manifest.source (gather and serialize write these) is served under its repository path, and its \
        host-qualified path: docker.io/library/busybox:1.36 as library/busybox:1.36 and docker.io/library/busybox:1.36.

        Only GET and HEAD are served; any other method is answered 405 UNSUPPORTED.

        Exit codes: 130 stopped by SIGINT or SIGTERM, 1 failure (the source cannot be served), 2 usage.
        """)

    @Argument(help: "oci:DIR, store: or a stream FILE.")
    var source: String

    @Option(help: "HOST:PORT to listen on (port 0: any free port).")
    var listen = "127.0.0.1:5000"

    @Option(name: .customLong("tls-cert"), help: "PEM certificate chain; serve HTTPS (needs --tls-key).")
    var tlsCert: String?

    @Option(name: .customLong("tls-key"), help: "PEM private key of --tls-cert.")
    var tlsKey: String?

    @Option(help: "htpasswd file of bcrypt entries (htpasswd -B); requires HTTP Basic authentication.")
    var htpasswd: String?

    @Option(help: "Repository for bare tags (default: the layout directory's or stream file's name; store for store:).")
    var repository: String?

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if (tlsCert == nil) != (tlsKey == nil) { throw ValidationError("--tls-cert and --tls-key go together") }
        if let repository, !RepositoryNaming.isRepository(repository) {
            throw ValidationError("--repository \(repository): not a repository name (lowercase letters, digits, . _ - and /)")
        }
        if source.isEmpty { throw ValidationError("SOURCE is empty: give oci:DIR, store: or a stream FILE") }
    }

    func run() async throws {
        try await CommandOutcome.run {
            let address = try ListenAddress(parsing: listen)
            let tls = try tlsCert.flatMap { cert in try tlsKey.map { try TLSFiles(certificate: cert, key: $0) } }
            let authenticator = try htpasswd.map { try BasicAuthenticator(path: $0) }
            let (served, fallbackName) = try openSource()
            let catalog = try ServeCatalog(source: served, defaultRepository: repository ?? fallbackName)
            let server = ServeServer(catalog: catalog, listen: address, tls: tls, authenticator: authenticator)
            let scheme = tls == nil ? "http" : "https"
            try await server.run { bound in
                var lines = "serving \(served.description) on \(scheme)://\(bound)\n"
                for name in catalog.repositoryNames {
                    let tags = catalog.tags(of: name) ?? []
                    lines += tags.isEmpty ? "  \(bound)/\(name) (by digest)\n" : tags.map { "  \(bound)/\(name):\($0)\n" }.joined()
                }
                Console.out(lines)
            }
        }
    }

    /// The source and the repository bare tags go to when --repository is not given.
    private func openSource() throws -> (any ServeSource, String) {
        if source == "store:" {
            let directory = try LocalStore.directory(try global.loadConfiguration())
            return (try LayoutServeSource(path: directory.path), "store")
        }
        if source.hasPrefix("oci:") {
            let path = String(source.dropFirst("oci:".count))
            guard !path.isEmpty else { throw ValidationError("oci: needs a directory: oci:DIR") }
            let url = URL(fileURLWithPath: path).standardizedFileURL
            return (try LayoutServeSource(path: path), RepositoryNaming.sanitized(url.lastPathComponent))
        }
        let name = (URL(fileURLWithPath: source).lastPathComponent as NSString).deletingPathExtension
        return (try StreamServeSource(path: source), RepositoryNaming.sanitized(name))
    }
}
