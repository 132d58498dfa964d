import Foundation
import OCI

extension RegistryClient {
    /// All tags of a repository, following `Link: <...>; rel="next"` pagination.
    public func listTags(_ repository: Repository, pageSize: Int = 1000) async throws -> [String] {
        struct Page: Decodable { var tags: [String]? }
        let name = pullName(repository)
        var path: String? = "/v2/\(name)/tags/list?n=\(pageSize)"
        var tags: [String] = []
        var seen: Set<String> = []
        var pages = 0
        while let current = path {
            pages += 1
            let operation = "list tags \(repository)"
            guard pages <= 100_000 else {
                throw RegistryError(.protocolViolation, operation: operation, detail: "tag pagination does not end")
            }
            let response = try await send(Call(registry: repository.registry, method: "GET", path: current,
                                               scopes: [.pull(name)], operation: operation))
            if response.status == 404 && pages == 1 { return [] }
            guard response.isSuccess else { throw RegistryError.from(response, operation: operation) }
            guard let page = try? JSONDecoder().decode(Page.self, from: response.body) else {
                throw RegistryError(.protocolViolation, operation: operation, detail: "tag list is not JSON")
            }
            // Registries that ignore `last` repeat tags across pages: keep each once, in order.
            for tag in page.tags ?? [] where seen.insert(tag).inserted { tags.append(tag) }
            path = response.headers.values("Link").lazy.compactMap(Self.nextLink).first
        }
        return tags
    }

    /// The target of a `Link` header with rel="next" (the path keeps its query: `last` and `n`).
    static func nextLink(_ header: String) -> String? {
        for part in header.split(separator: ",") {
            let fields = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let target = fields.first, target.hasPrefix("<"), target.hasSuffix(">"),
                  fields.dropFirst().contains(where: { $0.replacingOccurrences(of: "\"", with: "") == "rel=next" }) else { continue }
            return String(target.dropFirst().dropLast())
        }
        return nil
    }
}
