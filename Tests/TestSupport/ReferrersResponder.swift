import Foundation
import OCI

/// Answers the OCI distribution-spec 1.1 referrers API from a distribution 2.8 storage directory.
///
/// distribution 2.8 predates the referrers API, but it stores every manifest it accepted,
/// `subject` included. Reading them back from disk gives the API path a real peer whose answers
/// always agree with what was pushed: `repositories/<name>/_manifests/revisions/sha256/<hex>/link`
/// names each manifest of a repository, and `blobs/sha256/<xx>/<hex>/data` holds its bytes.
struct ReferrersResponder {
    /// The registry's `rootdirectory`.
    let storageDirectory: URL

    private var v2: URL {
        storageDirectory.appendingPathComponent("docker/registry/v2", isDirectory: true)
    }

    /// The full HTTP response for a referrers request, or nil if `target` is not one.
    func response(method: String, target: String) -> Data? {
        guard method == "GET" || method == "HEAD",
              let components = URLComponents(string: target),
              components.path.hasPrefix("/v2/"),
              let marker = components.path.range(of: "/referrers/", options: .backwards)
        else { return nil }
        let name = String(components.path[components.path.index(components.path.startIndex, offsetBy: 4)..<marker.lowerBound])
        let digestText = String(components.path[marker.upperBound...])
        guard Self.isValidRepositoryName(name), let digest = try? Digest(digestText) else {
            return Self.error(400, code: "DIGEST_INVALID", message: "invalid repository name or digest in \(target)")
        }
        let filter = components.queryItems?.first { $0.name == "artifactType" }?.value
        var descriptors = referrers(repository: name, subject: digest)
        var fields = [HTTPField(name: "Content-Type", value: MediaType.ociIndex)]
        if let filter {
            descriptors = descriptors.filter { ($0["artifactType"] as? String) == filter }
            fields.append(HTTPField(name: "OCI-Filters-Applied", value: "artifactType"))
        }
        let index: [String: Any] = ["schemaVersion": 2, "mediaType": MediaType.ociIndex, "manifests": descriptors]
        guard let body = try? JSONSerialization.data(withJSONObject: index, options: [.sortedKeys, .withoutEscapingSlashes])
        else { return Self.error(500, code: "UNKNOWN", message: "cannot encode referrers index") }
        var response = HTTPHead.response(status: 200, fields: fields, body: body)
        if method == "HEAD", let end = response.range(of: Data("\r\n\r\n".utf8)) {
            response = response.prefix(upTo: end.upperBound)
        }
        return response
    }

    /// Descriptors (as JSON objects, sorted by digest) of every manifest in `repository` whose
    /// `subject.digest` is `subject`.
    func referrers(repository: String, subject: Digest) -> [[String: Any]] {
        let revisions = v2.appendingPathComponent("repositories/\(repository)/_manifests/revisions/sha256", isDirectory: true)
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: revisions.path)) ?? []
        var found: [[String: Any]] = []
        for entry in entries.sorted() {
            guard let link = try? String(contentsOf: revisions.appendingPathComponent("\(entry)/link"), encoding: .utf8),
                  let digest = try? Digest(link.trimmingCharacters(in: .whitespacesAndNewlines)),
                  let bytes = try? Data(contentsOf: blobData(digest)),
                  let manifest = (try? JSONSerialization.jsonObject(with: bytes)) as? [String: Any],
                  let subjectObject = manifest["subject"] as? [String: Any],
                  subjectObject["digest"] as? String == subject.description
            else { continue }
            var descriptor: [String: Any] = [
                "mediaType": manifest["mediaType"] as? String ?? MediaType.ociManifest,
                "digest": digest.description,
                "size": bytes.count,
            ]
            // Per the spec: the manifest's artifactType, else its config's media type.
            if let type = manifest["artifactType"] as? String ?? (manifest["config"] as? [String: Any])?["mediaType"] as? String {
                descriptor["artifactType"] = type
            }
            if let annotations = manifest["annotations"] as? [String: String], !annotations.isEmpty {
                descriptor["annotations"] = annotations
            }
            found.append(descriptor)
        }
        return found
    }

    private func blobData(_ digest: Digest) -> URL {
        v2.appendingPathComponent("blobs/sha256/\(digest.encoded.prefix(2))/\(digest.encoded)/data")
    }

    /// Distribution's name grammar, checked before the name becomes part of a path on disk.
    static func isValidRepositoryName(_ name: String) -> Bool {
        guard !name.isEmpty, !name.hasPrefix("/"), !name.hasSuffix("/") else { return false }
        return name.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { component in
            !component.isEmpty && component != "." && component != ".."
                && component.allSatisfy { $0.isLowercase || $0.isNumber || "._-".contains($0) }
                && component.first.map { $0.isLowercase || $0.isNumber } == true
        }
    }

    private static func error(_ status: Int, code: String, message: String) -> Data {
        let body = #"{"errors":[{"code":"\#(code)","message":"\#(message.replacingOccurrences(of: "\"", with: "'"))"}]}"#
        return HTTPHead.response(
            status: status, fields: [HTTPField(name: "Content-Type", value: "application/json")], body: Data(body.utf8))
    }
}
