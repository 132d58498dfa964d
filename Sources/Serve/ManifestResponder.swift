import Foundation
import Hummingbird
import OCI

/// Answers `GET`/`HEAD /v2/<name>/manifests/<tag or digest>` with the manifest's bytes as stored
/// (never re-encoded: the digest is over them) and its own media type as Content-Type. The
/// Accept header is not used to convert: every manifest is served as it is.
struct ManifestResponder: Sendable {
    let catalog: ServeCatalog

    func respond(_ reference: String, in repository: String, head: Bool) throws -> Response {
        let found: (bytes: Data, mediaType: String, digest: Digest)?
        do {
            found = try catalog.manifest(reference, in: repository)
        } catch {
            throw DistributionError.damaged("\(error)")
        }
        guard let found else { throw DistributionError.manifestUnknown(reference) }
        let headers: HTTPFields = [
            .contentType: found.mediaType,
            .dockerContentDigest: found.digest.description,
            .contentLength: String(found.bytes.count),
        ]
        let body = head ? ResponseBody() : ResponseBody(byteBuffer: ByteBuffer(bytes: found.bytes))
        return Response(status: .ok, headers: headers, body: body)
    }
}
