import Foundation
import OCI

extension RegistryClient {
    /// The largest manifest accepted: the OCI distribution spec lets registries refuse above 4 MiB.
    static let maxManifestBytes = 4 << 20

    /// The repository path to use on the wire, after the config's `rewritePull` rules.
    func pullName(_ repository: Repository) -> String {
        options.configuration.registrySettings(forHost: repository.registry)?.rewrite(repository: repository.name) ?? repository.name
    }

    /// The path name for a request: rewritten for pulls, as written for checks on a push target
    /// (a mirror or a rewritten path must never answer for the real target).
    func wireName(_ repository: Repository, forPush: Bool) -> String {
        forPush ? repository.name : pullName(repository)
    }

    /// Resolves a tag or digest to the manifest's descriptor with one HEAD (no body transferred).
    /// Returns nil if the registry does not have it. `forPush` asks the push target itself.
    public func headManifest(_ reference: Reference, forPush: Bool = false) async throws -> Descriptor? {
        let repository = Repository(reference)
        let name = wireName(repository, forPush: forPush)
        let operation = "HEAD manifest \(reference)"
        let response = try await send(Call(registry: repository.registry, method: "HEAD",
                                           path: "/v2/\(name)/manifests/\(reference.identifier)",
                                           scopes: [forPush ? .push(name) : .pull(name)], operation: operation,
                                           forPush: forPush, accept: MediaType.manifestAccept))
        if response.status == 404 { return nil }
        guard response.isSuccess else { throw RegistryError.from(response, operation: operation) }
        guard let type = response.headers["Content-Type"].map(Self.bareMediaType),
              let length = response.headers["Content-Length"].flatMap(Int64.init) else {
            return try await fetchManifest(reference).descriptor
        }
        guard (0...Int64(Self.maxManifestBytes)).contains(length) else {
            throw RegistryError(.protocolViolation, operation: operation,
                                detail: "registry gives the manifest a size of \(length) bytes, outside 0...\(Self.maxManifestBytes)")
        }
        let digest: Digest
        if let pinned = reference.digest {
            digest = pinned
        } else if let header = response.headers["Docker-Content-Digest"], let parsed = try? Digest(header) {
            digest = parsed
        } else {
            // Without the digest header only the body can tell: fetch it.
            return try await fetchManifest(reference).descriptor
        }
        return Descriptor(mediaType: type, digest: digest, size: length)
    }

    /// Fetches a manifest or index, keeping its exact bytes, and verifies them against the
    /// reference's digest (or the registry's Docker-Content-Digest for a tag).
    public func fetchManifest(_ reference: Reference) async throws -> ParsedManifest {
        let repository = Repository(reference)
        let operation = "GET manifest \(reference)"
        let response = try await send(Call(registry: repository.registry, method: "GET",
                                           path: "/v2/\(pullName(repository))/manifests/\(reference.identifier)",
                                           scopes: [.pull(pullName(repository))], operation: operation,
                                           accept: MediaType.manifestAccept,
                                           build: { $0.maxBodyBytes = Self.maxManifestBytes }))
        guard response.isSuccess else { throw RegistryError.from(response, operation: operation) }
        let parsed: ParsedManifest
        do {
            parsed = try ParsedManifest(bytes: response.body, contentType: response.headers["Content-Type"])
        } catch {
            throw RegistryError(.protocolViolation, operation: operation, detail: "\(error)")
        }
        let expected = reference.digest ?? response.headers["Docker-Content-Digest"].flatMap { try? Digest($0) }
        if let expected {
            let actual = expected.algorithm == .sha256 ? parsed.digest : DigestHasher.digest(of: parsed.bytes, algorithm: expected.algorithm)
            guard actual == expected else {
                throw RegistryError(.digestMismatch, operation: operation,
                                    detail: "registry sent content with digest \(actual), expected \(expected)")
            }
        }
        return parsed
    }

    /// Fetches the manifest with `digest` from `repository`.
    public func fetchManifest(_ repository: Repository, digest: Digest) async throws -> ParsedManifest {
        try await fetchManifest(Reference(registry: repository.registry, repository: repository.name, digest: digest))
    }

    /// Uploads manifest bytes under a tag or its digest; the registry's digest must match ours.
    @discardableResult
    public func pushManifest(_ manifest: ParsedManifest, to repository: Repository, tag: String? = nil) async throws -> Descriptor {
        let target = tag ?? manifest.digest.description
        let operation = "PUT manifest \(repository):\(target)"
        let bytes = manifest.bytes
        let type = manifest.mediaType
        let response = try await send(Call(registry: repository.registry, method: "PUT",
                                           path: "/v2/\(repository.name)/manifests/\(target)",
                                           scopes: [.push(repository.name)], operation: operation, forPush: true,
                                           build: { request in
                                               request.headers.set("Content-Type", type)
                                               request.body = .bytes(bytes)
                                           }))
        guard response.isSuccess else { throw RegistryError.from(response, operation: operation) }
        if let header = response.headers["Docker-Content-Digest"], let digest = try? Digest(header), digest != manifest.digest {
            throw RegistryError(.digestMismatch, operation: operation, detail: "registry stored \(digest), sent \(manifest.digest)")
        }
        // A registry without the referrers API does not answer with OCI-Subject: keep the
        // tag-schema index of the subject current ourselves, as the distribution spec asks of clients.
        if let subject = manifest.subject, response.headers["OCI-Subject"] == nil {
            try await addToReferrersTag(manifest, subject: subject.digest, repository: repository)
        }
        return manifest.descriptor
    }

    /// Deletes a manifest by digest (used by tests and cleanup; registries may refuse).
    public func deleteManifest(_ repository: Repository, digest: Digest) async throws {
        let operation = "DELETE manifest \(repository)@\(digest)"
        let response = try await send(Call(registry: repository.registry, method: "DELETE",
                                           path: "/v2/\(repository.name)/manifests/\(digest)",
                                           scopes: [AuthScope(repository: repository.name, actions: ["delete"])],
                                           operation: operation, forPush: true))
        guard response.isSuccess || response.status == 404 else { throw RegistryError.from(response, operation: operation) }
    }

    /// "application/json; charset=utf-8" → "application/json".
    static func bareMediaType(_ header: String) -> String {
        String(header.split(separator: ";").first ?? "").trimmingCharacters(in: .whitespaces)
    }
}
