import Foundation
import Hummingbird
import OCI

/// Answers the list endpoints: `/v2/_catalog`, `/v2/<name>/tags/list` (both paginated with `n`
/// and `last`, a `Link` header pointing at the next page) and `/v2/<name>/referrers/<digest>`
/// (an OCI index of the manifests whose subject it is, filtered by `artifactType`).
struct ListResponder: Sendable {
    let catalog: ServeCatalog

    func catalogList(_ request: Request, head: Bool) throws -> Response {
        let page = try Self.page(catalog.repositoryNames, request: request)
        var response = try Self.json(["repositories": page.items], head: head)
        if let next = page.next { response.headers[.link] = "</v2/_catalog?\(next)>; rel=\"next\"" }
        return response
    }

    func tagsList(_ repository: String, request: Request, head: Bool) throws -> Response {
        guard let tags = catalog.tags(of: repository) else { throw DistributionError.nameUnknown(repository) }
        let page = try Self.page(tags, request: request)
        var response = try Self.json(["name": repository, "tags": page.items] as [String: Any], head: head)
        if let next = page.next { response.headers[.link] = "</v2/\(repository)/tags/list?\(next)>; rel=\"next\"" }
        return response
    }

    func referrers(_ digestText: String, in repository: String, request: Request, head: Bool) throws -> Response {
        guard catalog.tags(of: repository) != nil else { throw DistributionError.nameUnknown(repository) }
        guard let digest = try? Digest(digestText) else { throw DistributionError.digestInvalid(digestText) }
        var found = catalog.referrers[digest] ?? []
        var headers: HTTPFields = [.contentType: MediaType.ociIndex]
        if let type = request.uri.queryParameters["artifactType"].map(String.init) {
            found = found.filter { $0.artifactType == type }
            headers[.ociFiltersApplied] = "artifactType"
        }
        let index = ImageIndex(schemaVersion: 2, mediaType: MediaType.ociIndex, artifactType: nil,
                               manifests: found, subject: nil, annotations: nil)
        let body = index.goJSON()
        headers[.contentLength] = String(body.count)
        return Response(status: .ok, headers: headers,
                        body: head ? ResponseBody() : ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// The sorted `items` after `last`, at most `n` of them, and the query of the next page if any.
    static func page(_ items: [String], request: Request) throws -> (items: [String], next: String?) {
        let query = request.uri.queryParameters
        var rest = items
        if let last = query["last"].map(String.init) { rest = rest.filter { $0 > last } }
        guard let text = query["n"].map(String.init) else { return (rest, nil) }
        guard let n = Int(text), n >= 0 else { throw DistributionError.paginationInvalid(text) }
        guard rest.count > n, let end = rest.prefix(n).last else { return (Array(rest.prefix(n)), nil) }
        let escaped = end.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed.subtracting(["&", "=", "+"])) ?? end
        return (Array(rest.prefix(n)), "last=\(escaped)&n=\(n)")
    }

    private static func json(_ object: [String: Any], head: Bool) throws -> Response {
        let body = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        let headers: HTTPFields = [.contentType: "application/json; charset=utf-8", .contentLength: String(body.count)]
        return Response(status: .ok, headers: headers,
                        body: head ? ResponseBody() : ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}
