import OCI

/// Where one image goes, and which rule sent it there (for messages and `--dry-run`).
public struct MappedDestination: Sendable, Hashable, CustomStringConvertible {
    public var reference: Reference
    /// `map.csv:3`, `nest=reg.high/mirror`, `scatter.tmpl`: what the user edits to change it.
    public var rule: String

    public init(reference: Reference, rule: String) {
        self.reference = reference
        self.rule = rule
    }

    public var description: String { reference.description }
}

/// A destination as a rule wrote it, before it is checked to be a reference.
struct CandidateDestination: Sendable, Equatable {
    var text: String
    var rule: String
}

/// One kind of mapper: destinations as text for one manifest. `Mapper` checks them.
protocol CandidateMapper: Sendable {
    func candidates(for subject: MappingSubject) throws -> [CandidateDestination]
}
