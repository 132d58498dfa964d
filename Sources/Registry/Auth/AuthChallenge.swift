import Foundation

/// A parsed `WWW-Authenticate` header: the scheme and its parameters (realm, service, scope, ...).
public struct AuthChallenge: Sendable, Equatable {
    public var scheme: String          // lower-cased: "basic" or "bearer"
    public var parameters: [String: String]

    public var realm: String? { parameters["realm"] }
    public var service: String? { parameters["service"] }
    public var scope: String? { parameters["scope"] }

    /// Parses `Bearer realm="...",service="...",scope="a,b"`; commas inside quotes stay in the value.
    public init?(header: String) {
        let text = header.trimmingCharacters(in: .whitespaces)
        guard let space = text.firstIndex(where: { $0 == " " }) else {
            guard !text.isEmpty else { return nil }
            scheme = text.lowercased()
            parameters = [:]
            return
        }
        scheme = text[..<space].lowercased()
        var params: [String: String] = [:]
        var rest = Substring(text[text.index(after: space)...])
        while !rest.isEmpty {
            rest = rest.drop { $0 == " " || $0 == "," }
            guard let equals = rest.firstIndex(of: "=") else { break }
            let key = rest[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            rest = rest[rest.index(after: equals)...]
            var value = ""
            if rest.first == "\"" {
                rest = rest.dropFirst()
                var escaped = false
                while let c = rest.first {
                    rest = rest.dropFirst()
                    if escaped { value.append(c); escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { break } else { value.append(c) }
                }
            } else {
                let end = rest.firstIndex(of: ",") ?? rest.endIndex
                value = rest[..<end].trimmingCharacters(in: .whitespaces)
                rest = rest[end...]
            }
            if !key.isEmpty { params[key] = value }
        }
        parameters = params
    }
}

/// A token-scope request: `repository:NAME:pull,push`.
public struct AuthScope: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var repository: String
    public var actions: [String]

    public static func pull(_ repository: String) -> AuthScope { AuthScope(repository: repository, actions: ["pull"]) }
    public static func push(_ repository: String) -> AuthScope { AuthScope(repository: repository, actions: ["pull", "push"]) }

    public var description: String { "repository:\(repository):\(actions.joined(separator: ","))" }
    public static func < (lhs: AuthScope, rhs: AuthScope) -> Bool { lhs.description < rhs.description }
}
