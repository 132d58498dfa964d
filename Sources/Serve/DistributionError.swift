import Foundation
import Hummingbird

/// An error answered in the distribution spec's JSON format (`{"errors":[{"code",...}]}`), with
/// the status and headers the spec gives each code, so clients (docker, skopeo, oras) read it.
struct DistributionError: Error, Sendable {
    let status: HTTPResponse.Status
    let code: String
    let message: String
    var headers: HTTPFields = [:]

    static func manifestUnknown(_ reference: String) -> Self {
        .init(status: .notFound, code: "MANIFEST_UNKNOWN", message: "manifest unknown: \(reference)")
    }

    static func blobUnknown(_ digest: String) -> Self {
        .init(status: .notFound, code: "BLOB_UNKNOWN", message: "blob unknown: \(digest)")
    }

    static func nameUnknown(_ name: String) -> Self {
        .init(status: .notFound, code: "NAME_UNKNOWN", message: "repository name not known to registry: \(name)")
    }

    static func digestInvalid(_ text: String) -> Self {
        .init(status: .badRequest, code: "DIGEST_INVALID", message: "invalid digest: \(text)")
    }

    static func paginationInvalid(_ text: String) -> Self {
        .init(status: .badRequest, code: "PAGINATION_NUMBER_INVALID", message: "invalid number of results requested: \(text)")
    }

    static func unauthorized(realm: String) -> Self {
        .init(status: .unauthorized, code: "UNAUTHORIZED", message: "authentication required",
              headers: [.wwwAuthenticate: "Basic realm=\"\(realm)\""])
    }

    /// Every write (push, delete, upload) of this read-only registry.
    static func unsupported(_ method: HTTPRequest.Method) -> Self {
        .init(status: .methodNotAllowed, code: "UNSUPPORTED", message: "ferry serve is read-only: \(method.rawValue) is not supported",
              headers: [.allow: "GET, HEAD"])
    }

    static func rangeNotSatisfiable(size: Int64) -> Self {
        .init(status: .rangeNotSatisfiable, code: "RANGE_INVALID", message: "requested range not satisfiable",
              headers: [.contentRange: "bytes */\(size)"])
    }

    static func notFound(_ path: String) -> Self {
        .init(status: .notFound, code: "NOT_FOUND", message: "no such endpoint: \(path)")
    }

    /// Content that went bad after the start (a file edited or rotted under the server).
    static func damaged(_ reason: String) -> Self {
        .init(status: .internalServerError, code: "UNKNOWN", message: reason)
    }

    /// The response; a HEAD answer carries the headers and no body, as the spec says.
    func response(head: Bool) -> Response {
        let object: [String: Any] = ["errors": [["code": code, "message": message, "detail": NSNull()]]]
        let body = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        fields[.contentLength] = String(body.count)
        return Response(status: status, headers: fields,
                        body: head ? ResponseBody() : ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}
