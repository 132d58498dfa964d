import Foundation

/// Why each endpoint of a registry could not be reached, in the order they were tried, so the
/// final error names every scheme and address actually tried (not just the last probe).
struct EndpointFailures {
    private var entries: [(endpoint: String, error: TransportError)] = []

    mutating func add(_ error: TransportError, endpoint: Endpoint) {
        entries.append((endpoint.baseURL, error))
    }

    /// "cannot connect to http://h:p (connection refused, 2 tries); https://h:p (…)" and what to check.
    func error(operation: String) -> RegistryError {
        guard !entries.isEmpty else {
            return RegistryError(.transport, operation: operation, detail: "no endpoint answered")
        }
        let tried = entries.map { entry in
            "\(entry.endpoint) (\(entry.error.message)\(entry.error.tries > 1 ? ", \(entry.error.tries) tries" : ""))"
        }
        let kinds = Set(entries.map(\.error.kind))
        let advice: String
        if kinds == [.refused] {
            advice = "check that the registry is running and listens at that address"
        } else if kinds == [.tls] {
            advice = "check its certificate (certs.d, the config's caFile) or configure an http:// endpoint for it"
        } else {
            advice = "check the address, the network and any proxy settings"
        }
        let kind: RegistryError.Kind = kinds == [.tls] ? .insecure : .transport
        return RegistryError(kind, operation: operation, detail: "cannot connect to \(tried.joined(separator: "; ")); \(advice)")
    }
}
