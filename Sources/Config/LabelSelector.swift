/// A Kubernetes label selector, as `-l` takes it (ace-dt parses `-l` with apimachinery's
/// `labels.Parse`; ferry accepts the same language and matches the same way).
///
/// Requirements are comma-separated and all must hold: `key=value` / `key==value` (key present
/// with that value), `key!=value` (key absent or another value), `key in (a,b)`,
/// `key notin (a,b)` (absent counts as not in), `key` (present), `!key` (absent), and, as
/// apimachinery also allows, `key>N` / `key<N` (present and an integer beyond N). Keys and values
/// follow label syntax; an empty value (`key=`, `key in ()`) is the empty string. An empty
/// selector matches everything. ace-dt ORs several selectors (`-l a,b` or `-l a -l b`; see
/// `CommaList.selectors`); callers do that with one `LabelSelector` per selector.
public struct LabelSelector: Sendable, Equatable, CustomStringConvertible {
    enum Operator: Sendable, Equatable {
        case equals, notEquals, `in`, notIn, exists, doesNotExist
        case greaterThan(Int64), lessThan(Int64)
    }

    struct Requirement: Sendable, Equatable {
        var key: String
        var `operator`: Operator
        /// Sorted and without duplicates, so equal selectors compare equal.
        var values: [String]

        func matches(_ labels: [String: String]) -> Bool {
            let value = labels[key]
            switch self.operator {
            case .equals, .in:
                return value.map { values.contains($0) } ?? false
            case .notEquals, .notIn:
                return value.map { !values.contains($0) } ?? true
            case .exists:
                return value != nil
            case .doesNotExist:
                return value == nil
            case let .greaterThan(bound):
                return value.flatMap { Int64($0) }.map { $0 > bound } ?? false
            case let .lessThan(bound):
                return value.flatMap { Int64($0) }.map { $0 < bound } ?? false
            }
        }
    }

    let requirements: [Requirement]

    /// Throws `LabelSelectorError` naming the selector and what is wrong with it.
    public init(parsing text: String) throws {
        var parser = LabelSelectorParser(text)
        requirements = try parser.parse()
    }

    /// True when every requirement holds for `labels`.
    public func matches(_ labels: [String: String]) -> Bool {
        requirements.allSatisfy { $0.matches(labels) }
    }

    /// The selector in canonical form (`a=b,c in (x,y),!d`), for messages and dry runs.
    public var description: String {
        requirements.map { requirement in
            let key = requirement.key
            let values = requirement.values.joined(separator: ",")
            switch requirement.operator {
            case .equals: return "\(key)=\(values)"
            case .notEquals: return "\(key)!=\(values)"
            case .in: return "\(key) in (\(values))"
            case .notIn: return "\(key) notin (\(values))"
            case .exists: return key
            case .doesNotExist: return "!\(key)"
            case let .greaterThan(bound): return "\(key)>\(bound)"
            case let .lessThan(bound): return "\(key)<\(bound)"
            }
        }.joined(separator: ",")
    }
}
