import Patterns

/// Settings for one registry host (`registryConfig.registries.HOST`): where to pull it from and
/// how to rename repositories on the way.
public struct RegistrySettings: Sendable, Equatable {
    /// Mirror endpoints, scheme included (`https://mirror.example.com`), tried in order.
    public var endpoints: [String]
    /// Rewrite rules in the order the YAML file lists them; see `rewrite(repository:)`.
    public var rewritePull: [RewriteRule]
    /// The registry does not implement OCI 1.1 (e.g. no nested indexes), so ferry avoids it.
    public var noncompliant: Bool

    public init(endpoints: [String] = [], rewritePull: [RewriteRule] = [], noncompliant: Bool = false) {
        self.endpoints = endpoints
        self.rewritePull = rewritePull
        self.noncompliant = noncompliant
    }

    /// The repository path to pull from a mirror: the first rule whose pattern matches anywhere
    /// in `repository` is applied (Go `ReplaceAllString` semantics); otherwise it is unchanged.
    /// Only the first matching rule applies so rules cannot chain into surprising names.
    public func rewrite(repository: String) -> String {
        guard let rule = rewritePull.first(where: { $0.matches(repository) }) else { return repository }
        return rule.apply(to: repository)
    }
}
