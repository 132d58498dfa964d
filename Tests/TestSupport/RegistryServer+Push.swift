import Foundation
import OCI

/// Writing content with the curl CLI through the plain distribution API, for shapes skopeo
/// cannot push byte-exactly and for tests that need one raw blob or manifest in place.
extension RegistryServer {
    /// Uploads `data` as a blob of `repository`: `POST /blobs/uploads/` then one `PUT ?digest=`.
    /// (distribution 2.8 answers a POST carrying `?digest=` and a body with 202 and ignores the
    /// body, so the single-request monolithic form does not work against it.)
    @discardableResult
    public func uploadBlob(_ data: Data, repository: String) throws -> Digest {
        let digest = Digest.sha256(of: data)
        let start = try request("POST", "/v2/\(repository)/blobs/uploads/")
        guard start.status == 202, let location = start.header("Location") else {
            throw TestSupportError.unexpectedResponse("POST upload to \(repository): \(start.status) \(start.bodyText)")
        }
        let path = Self.pathAndQuery(location)
        let separator = path.contains("?") ? "&" : "?"
        let finish = try request(
            "PUT", "\(path)\(separator)digest=\(digest)",
            headers: ["Content-Type": "application/octet-stream"], body: data)
        guard finish.status == 201 else {
            throw TestSupportError.unexpectedResponse("PUT blob \(digest) to \(repository): \(finish.status) \(finish.bodyText)")
        }
        return digest
    }

    /// PUTs manifest bytes under `reference` (tag or digest) with `mediaType` as Content-Type;
    /// returns the digest the registry reports, which must equal the bytes' digest.
    @discardableResult
    public func putManifest(_ data: Data, mediaType: String, repository: String, reference: String) throws -> Digest {
        let response = try request(
            "PUT", "/v2/\(repository)/manifests/\(reference)", headers: ["Content-Type": mediaType], body: data)
        let expected = Digest.sha256(of: data)
        guard response.status == 201 else {
            throw TestSupportError.unexpectedResponse(
                "PUT manifest \(repository):\(reference): \(response.status) \(response.bodyText)")
        }
        guard response.header("Docker-Content-Digest") == expected.description else {
            throw TestSupportError.unexpectedResponse(
                "registry stored \(response.header("Docker-Content-Digest") ?? "?") for manifest \(expected)")
        }
        return expected
    }

    /// `/v2/…?…` of a `Location` that may be absolute (distribution 2.8 sends absolute URLs).
    static func pathAndQuery(_ location: String) -> String {
        guard let components = URLComponents(string: location), components.host != nil else { return location }
        return components.percentEncodedPath + (components.percentEncodedQuery.map { "?\($0)" } ?? "")
    }
}
