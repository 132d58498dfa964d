import Config
import OCI

/// `digests=FILE`: `sha256:…,DEST-REF` lines; the manifest with that digest goes to every
/// DEST-REF listed for it (ace-dt's `digestMapper`).
struct DigestMapper: CandidateMapper {
    let rules: [Digest: [MappingFile.Rule]]
    let file: String

    /// Both fields are checked here, so a typo is reported by line before any image is looked at.
    init(file: String) throws {
        var rules: [Digest: [MappingFile.Rule]] = [:]
        for rule in try MappingFile.load(file) {
            let digest: Digest
            do {
                digest = try Digest(rule.source)
            } catch {
                throw ListFileError(file: file, line: rule.line, reason: "\"\(rule.source)\" is not a digest (sha256:<64 hex>)")
            }
            do {
                _ = try Reference(parsing: rule.destination)
            } catch {
                throw ListFileError(file: file, line: rule.line, reason: "destination \"\(rule.destination)\" is not a valid reference: \(error)")
            }
            rules[digest, default: []].append(rule)
        }
        self.rules = rules
        self.file = file
    }

    func candidates(for subject: MappingSubject) throws -> [CandidateDestination] {
        (rules[subject.digest] ?? []).map { CandidateDestination(text: $0.destination, rule: "\(file):\($0.line)") }
    }
}
