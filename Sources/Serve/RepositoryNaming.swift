import OCI

/// The names a served manifest answers to, from the annotations an index gives it.
///
/// A value of `org.opencontainers.image.ref.name` or `vnd.act3-ace.manifest.source` that is a bare
/// tag (as umoci and skopeo write in a layout) names `<default repository>:<tag>`. A value that is a
/// whole reference (as gather and serialize write: `docker.io/library/busybox:1.36`) names its
/// repository path there (`library/busybox:1.36`) and, when the registry host is itself a valid
/// path component, the host-qualified path too (`docker.io/library/busybox:1.36`), so two sources
/// with one path on different hosts stay reachable. A reference by digest only names its
/// repository with no tag.
public enum RepositoryNaming {
    /// The names of `descriptor` from its annotations, in order, each once. Where a gather wrote
    /// `vnd.act3-ace.manifest.source`, both values are references (`busybox` is
    /// `docker.io/library/busybox:latest` there, not a tag).
    public static func names(of descriptor: Descriptor, defaultRepository: String) -> [RepositoryName] {
        let annotations = descriptor.annotations ?? [:]
        let gathered = annotations[AnnotationKey.manifestSource] != nil
        var collected: [RepositoryName] = []
        for key in [AnnotationKey.refName, AnnotationKey.manifestSource] {
            guard let value = annotations[key] else { continue }
            let found = gathered ? names(ofReference: value) : names(for: value, defaultRepository: defaultRepository)
            for name in found where !collected.contains(name) { collected.append(name) }
        }
        return collected
    }

    /// A bare tag names `<default repository>:<tag>`; anything else is read as a reference.
    static func names(for value: String, defaultRepository: String) -> [RepositoryName] {
        if Reference.isValidTag(value) { return [RepositoryName(repository: defaultRepository, tag: value)] }
        return names(ofReference: value)
    }

    static func names(ofReference value: String) -> [RepositoryName] {
        guard let reference = try? Reference(parsing: value) else { return [] }
        let tag = reference.digest == nil ? (reference.tag ?? "latest") : reference.tag
        var names = [RepositoryName(repository: reference.repository, tag: tag)]
        if isPathComponent(reference.registry) {
            names.append(RepositoryName(repository: "\(reference.registry)/\(reference.repository)", tag: tag))
        }
        return names
    }

    /// A repository name for a source with no better one: `text` lowercased, each run of other
    /// characters made one "-", or "ferry" when nothing is left.
    public static func sanitized(_ text: String) -> String {
        var result = ""
        for character in text.lowercased() {
            if character.isASCII, character.isLetter || character.isNumber {
                result.append(character)
            } else if let last = result.last, last != "-" {
                result.append("-")
            }
        }
        while result.last == "-" { result.removeLast() }
        return result.isEmpty ? "ferry" : result
    }

    /// Whether `text` can stand as one component of a repository path (distribution's grammar:
    /// lowercase alphanumerics separated by one ".", "_", "__" or any run of "-").
    static func isPathComponent(_ text: String) -> Bool {
        guard let first = text.first, let last = text.last, first.isLowercaseAlphanumeric, last.isLowercaseAlphanumeric else {
            return false
        }
        var previous: Character = first
        var underscores = 0
        for character in text.dropFirst() {
            if character.isLowercaseAlphanumeric {
                underscores = 0
            } else if character == "." {
                guard previous.isLowercaseAlphanumeric else { return false }
            } else if character == "_" {
                underscores += 1
                guard underscores <= 2, previous.isLowercaseAlphanumeric || previous == "_" else { return false }
            } else if character == "-" {
                guard previous.isLowercaseAlphanumeric || previous == "-" else { return false }
            } else {
                return false
            }
            previous = character
        }
        return true
    }

    /// Whether `name` is a valid repository name: path components joined by "/", 255 bytes at most.
    public static func isRepository(_ name: String) -> Bool {
        name.utf8.count <= 255 && !name.isEmpty && name.split(separator: "/", omittingEmptySubsequences: false).allSatisfy {
            isPathComponent(String($0))
        }
    }
}

private extension Character {
    var isLowercaseAlphanumeric: Bool { isASCII && (isNumber || (isLetter && isLowercase)) }
}

/// One name of a served manifest: a repository, and a tag there (nil: by digest only).
public struct RepositoryName: Sendable, Hashable {
    public var repository: String
    public var tag: String?

    public init(repository: String, tag: String?) {
        self.repository = repository
        self.tag = tag
    }
}
