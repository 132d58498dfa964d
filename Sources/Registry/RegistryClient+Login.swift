import Foundation

extension RegistryClient {
    /// Checks that `registry` accepts this client's credentials for it, as `docker login` does:
    /// the API root (`GET /v2/`), with whatever challenge and token exchange the registry asks for.
    /// A registry that wants no credentials accepts any.
    public func checkCredentials(registry: String) async throws {
        let operation = "log in to \(registry)"
        let response = try await send(Call(registry: registry, method: "GET", path: "/v2/", scopes: [], operation: operation))
        guard (200..<300).contains(response.status) else {
            var error = RegistryError.from(response, operation: operation)
            if response.status == 401 { error.detail = "the registry refused the user name or password" }
            throw error
        }
    }
}
