import Config
import Foundation
import OCI

extension RegistryClient {
    /// Manifests whose `subject` is `digest`: signatures, SBOMs, attestations.
    ///
    /// Uses the referrers API (`/v2/<name>/referrers/<digest>`) where the registry has it, else the
    /// tag-schema fallback (an index tagged `sha256-<hex>`), as the OCI distribution spec 1.1 says.
    /// The config's `supportsReferrers` (tag | api | auto) for the endpoint can skip the probe.
    public func referrers(_ repository: Repository, digest: Digest, artifactType: String? = nil) async throws -> [Descriptor] {
        let name = pullName(repository)
        let mode = referrersMode(repository.registry)
        if mode == .api || (mode == .auto && !preferred.lacksReferrersAPI(repository.registry)) {
            var path = "/v2/\(name)/referrers/\(digest)"
            if let artifactType, let escaped = artifactType.addingPercentEncoding(withAllowedCharacters: Self.queryValueAllowed) {
                path += "?artifactType=\(escaped)"
            }
            let operation = "referrers \(repository)@\(digest)"
            let response = try await send(Call(registry: repository.registry, method: "GET", path: path,
                                               scopes: [.pull(name)], operation: operation,
                                               accept: [MediaType.ociIndex],
                                               build: { $0.maxBodyBytes = Self.maxManifestBytes }))
            if response.isSuccess, let index = try? ParsedManifest(bytes: response.body, contentType: response.headers["Content-Type"]),
               case .index(let list) = index.body {
                let filtered = response.headers["OCI-Filters-Applied"]?.contains("artifactType") == true
                var found = list.manifests
                var next = response.headers.values("Link").lazy.compactMap(Self.nextLink).first
                var pages = 1
                while let page = next, pages < 1000 {
                    pages += 1
                    let more = try await send(Call(registry: repository.registry, method: "GET", path: page, scopes: [.pull(name)],
                                                   operation: operation, accept: [MediaType.ociIndex],
                                                   build: { $0.maxBodyBytes = Self.maxManifestBytes }))
                    guard more.isSuccess, let parsed = try? ParsedManifest(bytes: more.body, contentType: more.headers["Content-Type"]),
                          case .index(let rest) = parsed.body else { throw RegistryError.from(more, operation: operation) }
                    found += rest.manifests
                    next = more.headers.values("Link").lazy.compactMap(Self.nextLink).first
                }
                return Self.filter(found, artifactType: filtered ? nil : artifactType)
            }
            // Only "no such endpoint" means the fallback applies; anything else is a real failure.
            if mode == .api || !(response.status == 404 || response.status == 405 || response.status == 400) {
                if response.isSuccess {
                    throw RegistryError(.protocolViolation, operation: operation, detail: "referrers response is not an OCI index")
                }
                throw RegistryError.from(response, operation: operation)
            }
            // A router's 404 (no OCI error document) means the API does not exist on this
            // registry at all, not that this repository is unknown: skip the probe from now on.
            if !String(decoding: response.body.prefix(4096), as: UTF8.self).contains("\"errors\"") {
                preferred.rememberNoReferrersAPI(repository.registry)
            }
        }
        let tag = "\(digest.algorithm.rawValue)-\(digest.encoded)"
        let fallback = try Reference(registry: repository.registry, repository: repository.name, tag: tag)
        guard try await headManifest(fallback) != nil else { return [] }
        let index = try await fetchManifest(fallback)
        guard case .index(let list) = index.body else { return [] }
        return Self.filter(list.manifests, artifactType: artifactType)
    }

    /// Characters left as they are in a query value; `+`, `&` and `=` must be escaped.
    static let queryValueAllowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/")

    private func referrersMode(_ registry: String) -> ReferrersSupport {
        guard let endpoint = try? endpoints(for: registry, forPush: false).first else { return .auto }
        return options.configuration.endpointSettings(forURL: endpoint.baseURL)?.supportsReferrers ?? .auto
    }

    private static func filter(_ descriptors: [Descriptor], artifactType: String?) -> [Descriptor] {
        guard let artifactType else { return descriptors }
        return descriptors.filter { $0.artifactType == artifactType }
    }
}

extension RegistryClient {
    /// Adds `manifest` to the `sha256-<hex>` index of its subject (creating it if needed).
    func addToReferrersTag(_ manifest: ParsedManifest, subject: Digest, repository: Repository) async throws {
        let tag = "\(subject.algorithm.rawValue)-\(subject.encoded)"
        let reference = try Reference(registry: repository.registry, repository: repository.name, tag: tag)
        var index = ImageIndex(schemaVersion: 2, mediaType: MediaType.ociIndex, artifactType: nil,
                               manifests: [], subject: nil, annotations: nil)
        if try await headManifest(reference) != nil, case .index(let existing) = try await fetchManifest(reference).body {
            index = existing
        }
        guard !index.manifests.contains(where: { $0.digest == manifest.digest }) else { return }
        var entry = manifest.descriptor
        entry.annotations = manifest.annotations
        if entry.artifactType == nil, case .image(let image) = manifest.body { entry.artifactType = image.config.mediaType }
        index.manifests.append(entry)
        let updated = try ParsedManifest(bytes: index.goJSON(), contentType: MediaType.ociIndex)
        try await pushManifest(updated, to: repository, tag: tag)
    }
}
