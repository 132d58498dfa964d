import OCI

/// Turns gathered manifests into destinations, with the rules of FORMATS.md "Scatter mappers".
///
/// Building one reads and checks its file (bad lines fail here, naming file:line); mapping
/// checks every destination is a reference and names the rule behind one that is not.
public struct Mapper: Sendable {
    public let spec: MapperSpec
    private let kind: any CandidateMapper

    public init(_ spec: MapperSpec) throws {
        self.spec = spec
        switch spec {
        case .nest(let prefix): kind = try NestMapper(prefix: prefix)
        case .firstPrefix(let file): kind = try PrefixMapper(mode: .first, file: file)
        case .allPrefix(let file): kind = try PrefixMapper(mode: .all, file: file)
        case .longestPrefix(let file): kind = try PrefixMapper(mode: .longest, file: file)
        case .digests(let file): kind = try DigestMapper(file: file)
        case .goTemplate(let file): kind = try TemplateMapper(file: file)
        }
    }

    /// `TYPE=ARGUMENT` parsed and built in one step.
    public init(parsing text: String) throws {
        try self.init(MapperSpec(parsing: text))
    }

    /// A template that prints nothing skips the image on purpose; every other mapper leaving an
    /// image without destination means no rule covers it.
    public var skipsDeliberately: Bool {
        if case .goTemplate = spec { return true }
        return false
    }

    /// The destinations of one manifest, each once, in rule order. Empty: no rule maps it.
    public func destinations(for subject: MappingSubject) throws -> [MappedDestination] {
        var result: [MappedDestination] = []
        for candidate in try kind.candidates(for: subject) {
            let reference: Reference
            do {
                reference = try Reference(parsing: candidate.text)
            } catch {
                throw MappingError.invalidDestination(candidate.text, source: subject.source, rule: candidate.rule,
                                                      reason: Self.reason(error))
            }
            if !result.contains(where: { $0.reference == reference }) {
                result.append(MappedDestination(reference: reference, rule: candidate.rule))
            }
        }
        return result
    }

    /// The grammar rule broken, without repeating the reference the message already quotes.
    private static func reason(_ error: any Error) -> String {
        if case .invalidReference(_, let reason)? = error as? OCIError { return reason }
        return "\(error)"
    }
}
