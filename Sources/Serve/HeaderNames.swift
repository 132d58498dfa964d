import HTTPTypes
import Hummingbird

/// The registry-specific header names the distribution spec and docker clients use.
extension HTTPField.Name {
    static let dockerContentDigest = known("Docker-Content-Digest")
    static let dockerDistributionAPIVersion = known("Docker-Distribution-API-Version")
    static let ociFiltersApplied = known("OCI-Filters-Applied")
    static let link = known("Link")

    /// Each literal above is a valid token; a typo would stop the first request, not corrupt one.
    private static func known(_ token: String) -> HTTPField.Name {
        guard let name = HTTPField.Name(token) else { preconditionFailure("\(token) is not a valid header name") }
        return name
    }
}
