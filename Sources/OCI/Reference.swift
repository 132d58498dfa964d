/// A normalised image reference: `registry/repository[:tag][@digest]`.
///
/// Parsing follows the distribution/reference grammar and Docker's defaults (docker.io,
/// `library/`, `latest`), so a reference means the same image in ferry as in docker, skopeo and
/// ace-dt. Everything stored is fully written out; nothing is ever shortened again.
public struct Reference: Sendable, Hashable, CustomStringConvertible {
    /// Host with optional port: `docker.io`, `localhost:5000`, `[::1]:5000`.
    public let registry: String
    /// Repository path inside the registry: `library/busybox`.
    public let repository: String
    public let tag: String?
    /// When present, pulls use it; the tag is then only a name.
    public let digest: Digest?

    static let dockerHub = "docker.io"
    static let maxNameLength = 255

    /// Parses `name[:tag][@algorithm:hex]` with Docker's normalisation.
    public init(parsing string: String) throws {
        func fail(_ reason: String) -> OCIError { .invalidReference(string, reason: reason) }
        guard !string.isEmpty else { throw fail("reference is empty") }

        var rest = Substring(string)
        var digest: Digest?
        if let at = rest.firstIndex(of: "@") {
            let digestText = String(rest[rest.index(after: at)...])
            do {
                digest = try Digest(digestText)
            } catch {
                throw fail("bad digest \(GoJSON.quote(digestText)): \(Digest.validationFailure(digestText) ?? "invalid")")
            }
            rest = rest[..<at]
        }
        var tag: String?
        // A ':' after the last '/' starts the tag; earlier ones belong to the registry port.
        let lastSlash = rest.lastIndex(of: "/") ?? rest.startIndex
        if let colon = rest[lastSlash...].lastIndex(of: ":") {
            tag = String(rest[rest.index(after: colon)...])
            rest = rest[..<colon]
        }

        let registry: String
        let repository: String
        if let slash = rest.firstIndex(of: "/"), Self.looksLikeRegistry(rest[..<slash]) {
            registry = String(rest[..<slash])
            repository = String(rest[rest.index(after: slash)...])
        } else {
            registry = Self.dockerHub
            repository = String(rest)
        }
        try self.init(validating: string, registry: registry, repository: repository, tag: tag, digest: digest)
    }

    /// Builds a reference from parts, applying the same validation and normalisation as parsing.
    public init(registry: String, repository: String, tag: String? = nil, digest: Digest? = nil) throws {
        var written = "\(registry)/\(repository)"
        if let tag { written += ":\(tag)" }
        if let digest { written += "@\(digest)" }
        try self.init(validating: written, registry: registry, repository: repository, tag: tag, digest: digest)
    }

    private init(validating input: String, registry: String, repository: String, tag: String?, digest: Digest?) throws {
        func fail(_ reason: String) -> OCIError { .invalidReference(input, reason: reason) }
        var registry = registry
        var repository = repository
        if registry == "index.docker.io" { registry = Self.dockerHub }
        if let reason = Self.registryFailure(registry) { throw fail(reason) }
        if repository.isEmpty { throw fail("repository is empty") }
        if registry == Self.dockerHub, !repository.contains("/") { repository = "library/" + repository }
        if repository.contains(where: \.isUppercase) { throw fail("repository must be lowercase") }
        for component in repository.split(separator: "/", omittingEmptySubsequences: false) {
            guard Self.isPathComponent(component.utf8) else {
                throw fail(component.isEmpty
                    ? "repository has an empty path component"
                    : "invalid repository path component \(GoJSON.quote(String(component)))"
                        + " (allowed: lowercase letters, digits, and . _ __ - between them)")
            }
        }
        let nameLength = registry.utf8.count + 1 + repository.utf8.count
        if nameLength > Self.maxNameLength {
            throw fail("name is \(nameLength) characters, longer than \(Self.maxNameLength)")
        }
        if let tag, !Self.isValidTag(tag) {
            throw fail("invalid tag \(GoJSON.quote(tag)) (1-128 of A-Z a-z 0-9 _ . -, not starting with . or -)")
        }
        self.registry = registry
        self.repository = repository
        self.tag = tag
        self.digest = digest
    }

    private init(unchecked registry: String, repository: String, tag: String?, digest: Digest?) {
        self.registry = registry
        self.repository = repository
        self.tag = tag
        self.digest = digest
    }

    /// The host to talk to: Docker Hub's API lives at `registry-1.docker.io`, not `docker.io`.
    public var apiHost: String { Self.apiHost(forRegistry: registry) }

    /// The API host for a registry name as written (`index.docker.io` is Docker Hub too).
    public static func apiHost(forRegistry registry: String) -> String {
        registry == dockerHub || registry == "index.docker.io" ? "registry-1.docker.io" : registry
    }

    /// Fully written out; `:latest` is added only when there is neither tag nor digest.
    public var description: String {
        var text = repositoryPath
        if let tag {
            text += ":\(tag)"
        } else if digest == nil {
            text += ":latest"
        }
        if let digest { text += "@\(digest)" }
        return text
    }

    /// What to put in `/v2/<name>/manifests/<identifier>`: the digest wins over the tag.
    public var identifier: String {
        digest?.description ?? tag ?? "latest"
    }

    /// `registry/repository`, without tag or digest.
    public var repositoryPath: String { "\(registry)/\(repository)" }

    /// The same repository with another tag. The tag must be valid (see `isValidTag`); tags from
    /// a registry's tag list or from a parsed reference always are.
    public func withTag(_ tag: String?) -> Reference {
        Reference(unchecked: registry, repository: repository, tag: tag, digest: digest)
    }

    /// The same repository and tag pinned to (or released from) a digest.
    public func withDigest(_ digest: Digest?) -> Reference {
        Reference(unchecked: registry, repository: repository, tag: tag, digest: digest)
    }

    /// Tag grammar: `[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`.
    public static func isValidTag(_ tag: String) -> Bool {
        let bytes = Array(tag.utf8)
        guard let first = bytes.first, bytes.count <= 128, isWord(first) else { return false }
        return bytes.dropFirst().allSatisfy { isWord($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }
    }

    /// Docker's rule for telling `host/repo` from `user/repo`.
    private static func looksLikeRegistry(_ component: Substring) -> Bool {
        component.contains(".") || component.contains(":") || component == "localhost"
    }

    /// `[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*`
    private static func isPathComponent(_ bytes: Substring.UTF8View) -> Bool {
        var previousWasAlnum = false
        var separator: [UInt8] = []
        for byte in bytes {
            if isLowerAlnum(byte) {
                if !separator.isEmpty {
                    let valid = separator == [0x2E] || separator == [0x5F] || separator == [0x5F, 0x5F]
                        || separator.allSatisfy { $0 == 0x2D }
                    guard valid else { return false }
                    separator.removeAll()
                }
                previousWasAlnum = true
            } else if byte == 0x2E || byte == 0x5F || byte == 0x2D {
                guard previousWasAlnum || !separator.isEmpty else { return false }
                separator.append(byte)
                previousWasAlnum = false
            } else {
                return false
            }
        }
        return previousWasAlnum
    }

    /// Why `registry` is not `host[:port]`, or nil. Hosts are DNS names, IPv4, or `[IPv6]`.
    private static func registryFailure(_ registry: String) -> String? {
        var host = Substring(registry)
        var port: Substring?
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { return "registry \(GoJSON.quote(registry)) has no closing ']'" }
            let inside = host[host.index(after: host.startIndex)..<close]
            guard inside.contains(":"),
                  inside.utf8.allSatisfy({ isHex($0) || $0 == 0x3A || $0 == 0x2E })
            else { return "registry \(GoJSON.quote(registry)) is not a valid IPv6 address" }
            let after = host[host.index(after: close)...]
            if !after.isEmpty {
                guard after.first == ":" else { return "unexpected text after ']' in registry \(GoJSON.quote(registry))" }
                port = after.dropFirst()
            }
            host = ""
        } else if let colon = host.lastIndex(of: ":") {
            port = host[host.index(after: colon)...]
            host = host[..<colon]
        }
        if let port {
            guard !port.isEmpty, port.count <= 5, port.utf8.allSatisfy(isDigit),
                  let number = Int(port), (1...65535).contains(number)
            else { return "invalid port \(GoJSON.quote(String(port))) in registry \(GoJSON.quote(registry))" }
        }
        if registry.hasPrefix("[") { return nil }
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        let validLabels = !host.isEmpty && labels.allSatisfy { label in
            guard let first = label.utf8.first, let last = label.utf8.last else { return false }
            return isAlnum(first) && isAlnum(last) && label.utf8.allSatisfy { isAlnum($0) || $0 == 0x2D }
        }
        return validLabels ? nil : "invalid registry host \(GoJSON.quote(registry))"
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    private static func isLowerAlnum(_ b: UInt8) -> Bool { isDigit(b) || (b >= 0x61 && b <= 0x7A) }
    private static func isAlnum(_ b: UInt8) -> Bool { isLowerAlnum(b) || (b >= 0x41 && b <= 0x5A) }
    private static func isHex(_ b: UInt8) -> Bool { isDigit(b) || (b >= 0x61 && b <= 0x66) || (b >= 0x41 && b <= 0x46) }
    private static func isWord(_ b: UInt8) -> Bool { isAlnum(b) || b == 0x5F }
}
