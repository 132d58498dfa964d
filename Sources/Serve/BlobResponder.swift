import Hummingbird
import OCI

/// Answers `GET`/`HEAD /v2/<name>/blobs/<digest>`: the blob streamed from its extent in chunks
/// of `chunkSize` (positioned reads on NIO's thread pool, each chunk sent before the next is
/// read), whole or one `Range`. Nothing is loaded whole: memory per download is one chunk or two.
struct BlobResponder: Sendable {
    let catalog: ServeCatalog
    let files: FileIO
    /// Large enough that a read costs little per byte, small enough that 50 downloads stay flat.
    static let chunkSize = 1 << 20

    func respond(_ digestText: String, head: Bool, request: Request, context: BasicRequestContext) async throws -> Response {
        guard let digest = try? Digest(digestText) else { throw DistributionError.digestInvalid(digestText) }
        guard let extent = catalog.blob(digest) else { throw DistributionError.blobUnknown(digestText) }
        var headers: HTTPFields = [
            .dockerContentDigest: digest.description,
            .contentType: "application/octet-stream",
            .acceptRanges: "bytes",
        ]
        let range: ByteRange
        let status: HTTPResponse.Status
        switch ByteRange.parse(request.headers[.range], size: extent.size) {
        case .unsatisfiable:
            throw DistributionError.rangeNotSatisfiable(size: extent.size)
        case .whole:
            range = ByteRange(first: 0, last: extent.size - 1)
            status = .ok
        case .partial(let part):
            range = part
            status = .partialContent
            headers[.contentRange] = "bytes \(part.first)-\(part.last)/\(extent.size)"
        }
        headers[.contentLength] = String(max(0, range.count))
        guard !head, range.count > 0 else { return Response(status: status, headers: headers, body: ResponseBody()) }
        // offset + last stays below the file size (the catalog checked the extent at start): no overflow.
        let body = try await files.loadFile(path: extent.path,
                                            range: Int(extent.offset + range.first)...Int(extent.offset + range.last),
                                            context: context, chunkLength: Self.chunkSize)
        return Response(status: status, headers: headers, body: body)
    }
}
