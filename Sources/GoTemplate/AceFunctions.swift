/// ace-dt's template functions for `mirror scatter`/`clone` `go-template=FILE` mappers.
///
/// What ace-dt does (act3-ai/data-tool, `internal/mirror/mapper.go`, `templateMapper`): it parses
/// the map file with `text/template`, `sprig.HermeticTxtFuncMap()` and four functions of its own,
/// `Tag`, `Repository`, `Registry` and `Package`. Each takes a reference string and parses it with
/// oras-go v2's `registry.ParseReference` (no Docker Hub normalisation), returning respectively
/// `Reference` (the tag or the digest), `Repository`, `Registry`, and the reference with its
/// leading `REGISTRY/` trimmed. An unparsable reference fails the template with
/// `error parsing the reference: invalid reference: …`. ace-dt's docs
/// (`docs/usage/concepts/mirror.md`) spell them lower-case; its code only registers the
/// capitalised names, so ferry accepts both.
///
/// The template's dot is an OCI `ocispec.Descriptor` (see `TemplateValue.ociDescriptor`) of the
/// manifest being scattered, whose annotations ace-dt sets in `annotateManifest`
/// (`internal/mirror/gather.go`): `vnd.act3-ace.manifest.source` and
/// `org.opencontainers.image.ref.name` hold the source reference, plus
/// `data.act3-ace.io/labels` (JSON labels) and `data.act3-ace.io/source-index` when present.
/// The output is trimmed and split into lines, one destination per line.
enum AceFunctions {
    static let table: FunctionTable = {
        var table: FunctionTable = [:]
        let parts: [(String, @Sendable (OrasReference, String) -> String)] = [
            ("Tag", { reference, _ in reference.reference }),
            ("Repository", { reference, _ in reference.repository }),
            ("Registry", { reference, _ in reference.registry }),
            ("Package", { reference, text in
                GoText.hasPrefix(text, reference.registry + "/") ? String(text.dropFirst(reference.registry.count + 1)) : text
            }),
        ]
        for (name, part) in parts {
            let function = GoFunction([.string]) { args in
                let text = args[0].stringValue ?? ""
                do {
                    return .string(part(try OrasReference(parsing: text), text))
                } catch let failure as FunctionFailure {
                    throw FunctionFailure("error parsing the reference: \(failure.message)")
                }
            }
            table[name] = function
            table[name.lowercased()] = function
        }
        return table
    }()
}

/// oras-go v2.6 `registry.ParseReference`: `REGISTRY/REPOSITORY[:TAG|@DIGEST]`, validated but
/// not normalised (no `docker.io`, no `library/`, no `latest`).
struct OrasReference: Equatable {
    var registry: String
    var repository: String
    var reference: String

    init(parsing text: String) throws {
        guard let slash = text.firstIndex(of: "/") else {
            throw FunctionFailure("invalid reference: missing registry or repository")
        }
        registry = String(text[..<slash])
        let path = text[text.index(after: slash)...]
        var isTag = false
        if let at = path.firstIndex(of: "@") {
            let repository = path[..<at]
            self.repository = String(repository.firstIndex(of: ":").map { repository[..<$0] } ?? repository)
            reference = String(path[path.index(after: at)...])
        } else if let colon = path.firstIndex(of: ":") {
            isTag = true
            repository = String(path[..<colon])
            reference = String(path[path.index(after: colon)...])
        } else {
            repository = String(path)
            reference = ""
        }
        guard Self.isValidRegistry(registry) else { throw FunctionFailure("invalid reference: invalid registry \(GoQuote.quote(registry))") }
        guard Self.isValidRepository(repository) else {
            throw FunctionFailure("invalid reference: invalid repository \(GoQuote.quote(repository))")
        }
        if reference.isEmpty { return }
        if isTag {
            guard Self.isValidTag(reference) else { throw FunctionFailure("invalid reference: invalid tag \(GoQuote.quote(reference))") }
        } else if let problem = Self.digestProblem(reference) {
            throw FunctionFailure("invalid reference: invalid digest \(GoQuote.quote(reference)): \(problem)")
        }
    }

    /// What `url.ParseRequestURI("dummy://" + registry)` accepts with the host unchanged.
    static func isValidRegistry(_ registry: String) -> Bool {
        guard !registry.isEmpty else { return false }
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:".utf8)
        guard registry.utf8.allSatisfy({ allowed.contains($0) }) else { return false }
        if let colon = registry.lastIndex(of: ":") {
            return registry[registry.index(after: colon)...].allSatisfy { $0.isASCII && $0.isNumber }
        }
        return true
    }

    /// `[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*`
    static func isValidRepository(_ repository: String) -> Bool {
        repository.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { component in
            let isAlnum: (Character) -> Bool = { $0.isASCII && ($0.isLowercase || $0.isNumber) }
            var rest = Substring(component)
            guard let first = rest.first, isAlnum(first) else { return false }
            while !rest.isEmpty {
                rest = rest.drop(while: isAlnum)
                if rest.isEmpty { break }
                let separator = rest.prefix { !isAlnum($0) }
                guard separator == "." || separator == "_" || separator == "__" || separator.allSatisfy({ $0 == "-" })
                else { return false }
                rest = rest.dropFirst(separator.count)
                guard let next = rest.first, isAlnum(next) else { return false }
            }
            return true
        }
    }

    /// `[\w][\w.-]{0,127}`
    static func isValidTag(_ tag: String) -> Bool {
        let word: (Character) -> Bool = { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
        guard let first = tag.first, word(first), tag.count <= 128 else { return false }
        return tag.allSatisfy { word($0) || $0 == "." || $0 == "-" }
    }

    /// go-digest's `Parse` checks for the registered algorithms sha256, sha384 and sha512.
    static func digestProblem(_ digest: String) -> String? {
        guard let colon = digest.firstIndex(of: ":"), colon != digest.startIndex,
            digest.index(after: colon) != digest.endIndex
        else { return "invalid checksum digest format" }
        let algorithm = digest[..<colon]
        let encoded = digest[digest.index(after: colon)...]
        let lengths = ["sha256": 64, "sha384": 96, "sha512": 128]
        guard let length = lengths[String(algorithm)] else {
            let algorithmOK = algorithm.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || "+._-".contains($0)) }
            let encodedOK = encoded.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "=_-".contains($0)) }
            return algorithmOK && encodedOK ? "unsupported digest algorithm" : "invalid checksum digest format"
        }
        if encoded.count != length { return "invalid checksum digest length" }
        if !encoded.allSatisfy({ $0.isASCII && ($0.isNumber || ("a"..."f").contains($0)) }) {
            return "invalid checksum digest format"
        }
        return nil
    }
}
