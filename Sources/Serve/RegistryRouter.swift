import Hummingbird

/// The distribution API's routes over a `ServeCatalog`: reads only (GET and HEAD); every other
/// method is answered 405 UNSUPPORTED. Repository names contain slashes, so the path is split
/// from its end: the last component is the reference, the one before it says what is asked.
struct RegistryRouter: HTTPResponder {
    typealias Context = BasicRequestContext

    let catalog: ServeCatalog
    let authenticator: BasicAuthenticator?
    let blobs: BlobResponder
    let manifests: ManifestResponder
    let lists: ListResponder

    init(catalog: ServeCatalog, authenticator: BasicAuthenticator?, files: FileIO) {
        self.catalog = catalog
        self.authenticator = authenticator
        blobs = BlobResponder(catalog: catalog, files: files)
        manifests = ManifestResponder(catalog: catalog)
        lists = ListResponder(catalog: catalog)
    }

    func respond(to request: Request, context: Context) async throws -> Response {
        let head = request.method == .head
        var response: Response
        do {
            if let authenticator, !authenticator.admits(request.headers[.authorization]) {
                throw DistributionError.unauthorized(realm: BasicAuthenticator.realm)
            }
            guard request.method == .get || head else { throw DistributionError.unsupported(request.method) }
            response = try await route(request, head: head, context: context)
        } catch let error as DistributionError {
            response = error.response(head: head)
        }
        response.headers[.dockerDistributionAPIVersion] = "registry/2.0"
        return response
    }

    private func route(_ request: Request, head: Bool, context: Context) async throws -> Response {
        let path = request.uri.path
        if path == "/v2/" || path == "/v2" {
            return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8", .contentLength: "2"],
                            body: head ? ResponseBody() : ResponseBody(byteBuffer: ByteBuffer(string: "{}")))
        }
        if path == "/v2/_catalog" { return try lists.catalogList(request, head: head) }
        guard path.hasPrefix("/v2/") else { throw DistributionError.notFound(path) }
        var parts = path.dropFirst("/v2/".count).split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 3, let last = parts.popLast(), let kind = parts.popLast() else { throw DistributionError.notFound(path) }
        let name = parts.joined(separator: "/")
        guard RepositoryNaming.isRepository(name) else { throw DistributionError.nameUnknown(name) }
        switch kind {
        case "tags" where last == "list":
            return try lists.tagsList(name, request: request, head: head)
        case "manifests":
            guard catalog.tags(of: name) != nil else { throw DistributionError.nameUnknown(name) }
            return try manifests.respond(last, in: name, head: head)
        case "blobs":
            guard catalog.tags(of: name) != nil else { throw DistributionError.nameUnknown(name) }
            return try await blobs.respond(last, head: head, request: request, context: context)
        case "referrers":
            return try lists.referrers(last, in: name, request: request, head: head)
        default:
            throw DistributionError.notFound(path)
        }
    }
}
