import OCI

/// `nest=REG/PREFIX`: `REG/PREFIX/` + the source as written, joined and cleaned like Go's
/// `path.Join` (ace-dt's `nestMapper`), so `busybox:1.36` goes to `REG/PREFIX/busybox:1.36`.
struct NestMapper: CandidateMapper {
    let prefix: String

    /// Checks the prefix by nesting a probe under it, so `nest=Bad/Prefix` fails before any image.
    init(prefix: String) throws {
        do {
            _ = try Reference(parsing: Self.join(prefix, "probe"))
        } catch {
            throw MappingError.invalidSpec("nest=\(prefix)", reason: "\"\(prefix)\" is not a registry/repository prefix: \(error)")
        }
        self.prefix = prefix
    }

    func candidates(for subject: MappingSubject) throws -> [CandidateDestination] {
        // A port's ':' cannot appear in a repository path; say so instead of "invalid reference".
        if let reference = try? Reference(parsing: subject.source), reference.registry.contains(":"),
           subject.source.hasPrefix(reference.registry) {
            throw MappingError.nestedPort(source: subject.source, prefix: prefix)
        }
        return [CandidateDestination(text: Self.join(prefix, subject.source), rule: "nest=\(prefix)")]
    }

    /// Go's `path.Join`: slash-joined, empty and `.` elements dropped, `..` removing the previous one.
    static func join(_ parts: String...) -> String {
        var elements: [Substring] = []
        for element in parts.joined(separator: "/").split(separator: "/") where element != "." {
            if element == "..", let last = elements.last, last != ".." {
                elements.removeLast()
            } else {
                elements.append(element)
            }
        }
        return elements.joined(separator: "/")
    }
}
