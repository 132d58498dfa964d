import Foundation

/// `go-template=FILE` — placeholder until the GoTemplate engine lands.
struct TemplateMapper: CandidateMapper {
    init(file: String) throws {
        throw MappingError.invalidSpec("go-template=\(file)", reason: "the template engine is not built yet")
    }

    func candidates(for subject: MappingSubject) throws -> [CandidateDestination] { [] }
}
