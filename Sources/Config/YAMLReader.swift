import Yams

/// Typed access to YAML nodes that turns every mismatch into a `ConfigError` naming the file,
/// the line (from the node's mark) and the dotted key path. A YAML null means "not set", so the
/// accessors return nil for it and the caller keeps whatever an earlier file said.
struct YAMLReader {
    /// The file name used in messages.
    let source: String

    /// Composes `yaml` into a node tree, mapping Yams errors to one-line messages with a line.
    /// The YAML text itself is never echoed: Yams' own descriptions quote the offending lines.
    func compose(_ yaml: String) throws -> Node? {
        do {
            return try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw describe(error)
        } catch {
            throw ConfigError.malformedFile(path: source, line: nil, reason: "not valid YAML")
        }
    }

    func invalid(_ node: Node?, _ key: String, _ reason: String) -> ConfigError {
        .invalidValue(path: source, line: node?.mark?.line, key: key, reason: reason)
    }

    func isNull(_ node: Node) -> Bool {
        if case .scalar = node { return node.null != nil }
        return false
    }

    /// The key of a mapping entry, which must be a plain string.
    func key(_ node: Node, in parent: String) throws -> String {
        guard case let .scalar(scalar) = node else {
            throw invalid(node, parent, "keys must be strings")
        }
        return scalar.string
    }

    func mapping(_ node: Node, _ key: String) throws -> Node.Mapping? {
        if isNull(node) { return nil }
        guard case let .mapping(mapping) = node else { throw invalid(node, key, "expected a mapping") }
        return mapping
    }

    func string(_ node: Node, _ key: String) throws -> String? {
        if isNull(node) { return nil }
        guard case let .scalar(scalar) = node else { throw invalid(node, key, "expected a string") }
        return scalar.string
    }

    func bool(_ node: Node, _ key: String) throws -> Bool? {
        if isNull(node) { return nil }
        guard case .scalar = node, let value = node.bool else {
            throw invalid(node, key, "expected true or false")
        }
        return value
    }

    func int(_ node: Node, _ key: String) throws -> Int? {
        if isNull(node) { return nil }
        guard case .scalar = node, let value = node.int else { throw invalid(node, key, "expected an integer") }
        return value
    }

    /// A sequence of strings, each with its node (for line numbers in later checks).
    func strings(_ node: Node, _ key: String) throws -> [(String, Node)]? {
        if isNull(node) { return nil }
        guard case let .sequence(sequence) = node else { throw invalid(node, key, "expected a list") }
        return try sequence.enumerated().map { index, item in
            guard let text = try string(item, "\(key)[\(index)]") else {
                throw invalid(item, "\(key)[\(index)]", "expected a string")
            }
            return (text, item)
        }
    }

    private func describe(_ error: YamlError) -> ConfigError {
        func malformed(_ mark: Mark?, _ problem: String, _ context: YamlError.Context?) -> ConfigError {
            let detail = context.map { "\(problem) (\($0.text))" } ?? problem
            return .malformedFile(path: source, line: mark?.line, reason: "invalid YAML: \(detail)")
        }
        switch error {
        case let .scanner(context, problem, mark, _),
             let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            return malformed(mark, problem, context)
        case let .duplicatedKeysInMapping(duplicates, context):
            let keys = duplicates.map { "\"\($0)\"" }.joined(separator: ", ")
            return .malformedFile(path: source, line: context.mark.line, reason: "duplicate key \(keys)")
        case let .reader(problem, _, _, _):
            return .malformedFile(path: source, line: nil, reason: "invalid YAML: \(problem)")
        default:
            return .malformedFile(path: source, line: nil, reason: "not valid YAML")
        }
    }
}
