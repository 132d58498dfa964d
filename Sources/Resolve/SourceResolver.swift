import Config
import Foundation
import OCI
import Registry
import Store
import Streams
import Transfer

/// Turns sources.list lines into concrete images: tag selections expanded through the tags
/// API, references parsed, manifests fetched, platforms picked.
public struct SourceResolver: Sendable {
    let client: RegistryClient
    let platforms: [Platform]

    public init(client: RegistryClient, platforms: [Platform]) {
        self.client = client
        self.platforms = platforms
    }

    /// The references a line stands for: itself, or one per selected tag (sorted).
    public func expand(_ entry: SourceEntry) async throws -> [String] {
        guard let selection = entry.tagSelection else { return [entry.reference] }
        let base = SourcesList.repositoryPart(of: entry.reference)
        let repository = Repository(try Reference(parsing: base))
        let tags = try await client.listTags(repository)
        let chosen = selection.filter(tags)
        guard !chosen.isEmpty else {
            throw StoreError.notFound("a tag of \(base) matching the selection (it has \(tags.count) tag(s))")
        }
        return chosen.sorted().map { "\(base):\($0)" }
    }

    /// Every line expanded, in file order; a line that cannot be expanded is a failure, not a stop.
    public func expandAll(_ entries: [SourceEntry]) async -> (expanded: [ExpandedSource], failures: [SourceFailure]) {
        var expanded: [ExpandedSource] = []
        var failures: [SourceFailure] = []
        for entry in entries {
            do {
                expanded += try await expand(entry).map { ExpandedSource(entry: entry, text: $0) }
            } catch {
                failures.append(SourceFailure(entry: entry, reference: entry.reference, error: error))
            }
        }
        return (expanded, failures)
    }

    /// Every expanded source resolved, `limit` at once, in input order; failures are collected.
    public func resolveAll(_ sources: [ExpandedSource], limit: Int) async -> (resolved: [ResolvedSource], failures: [SourceFailure]) {
        let (resolved, failures) = await resolveAll(sources, limit: limit) { _ in () }
        return (resolved.map(\.source), failures)
    }

    /// Every expanded source resolved as above, each result handed to `follow` in the same task
    /// as soon as it is known: read-only questions about it (does the target have it?) overlap
    /// the resolving of the rest instead of waiting for the whole list.
    public func resolveAll<Extra: Sendable>(_ sources: [ExpandedSource], limit: Int,
                                            follow: @escaping @Sendable (ResolvedSource) async -> Extra)
        async -> (resolved: [(source: ResolvedSource, extra: Extra)], failures: [SourceFailure]) {
        var results = [[(source: ResolvedSource, extra: Extra)]?](repeating: nil, count: sources.count)
        var failures: [SourceFailure] = []
        // Failures are collected by `receive`, never thrown, so this cannot fail.
        try? await forEachBounded(sources, limit: limit, { source in
            var followed: [(source: ResolvedSource, extra: Extra)] = []
            for resolved in try await resolve(source.text, entry: source.entry) {
                followed.append((resolved, await follow(resolved)))
            }
            return followed
        }, receive: { position, outcome in
            switch outcome {
            case .success(let resolved): results[position] = resolved
            case .failure(let error):
                failures.append(SourceFailure(entry: sources[position].entry, reference: sources[position].text, error: error))
            }
        })
        failures.sort { ($0.entry.line, $0.reference) < ($1.entry.line, $1.reference) }
        return (results.compactMap { $0 }.flatMap { $0 }, failures)
    }

    /// Fetches the manifest of `text` and applies the platform filter.
    public func resolve(_ text: String, entry: SourceEntry) async throws -> [ResolvedSource] {
        let reference = try Reference(parsing: text)
        let source = RegistryContent(client: client, reference: reference)
        let root = try await source.root()
        if !platforms.isEmpty, case .image(let image) = root.body {
            try await checkPlatform(of: image, reference: reference)
        }
        guard !platforms.isEmpty, case .index(let index) = root.body else {
            return [ResolvedSource(entry: entry, text: text, reference: reference, root: root)]
        }
        var picked: [ResolvedSource] = []
        for descriptor in try PlatformSelection.matches(platforms, in: index, digest: root.digest) {
            let manifest = try await source.manifest(descriptor)
            picked.append(ResolvedSource(entry: entry, text: text, reference: reference, root: manifest,
                                         platform: descriptor.platform, sourceIndex: root))
        }
        return picked
    }

    /// A single-platform image is kept only if its config names a wanted platform (as ace-dt
    /// reads it); artifacts, whose config is not an image config, always pass.
    private func checkPlatform(of image: ImageManifest, reference: Reference) async throws {
        guard image.config.mediaType == MediaType.ociConfig || image.config.mediaType == MediaType.dockerConfig,
              image.config.size <= 4 << 20 else { return }
        struct ImageConfig: Decodable { var os: String?; var architecture: String?; var variant: String? }
        let sink = DataSink(limit: 4 << 20)
        try await client.fetchBlob(Repository(reference), descriptor: image.config, into: sink)
        guard let config = try? JSONDecoder().decode(ImageConfig.self, from: sink.data),
              let os = config.os, let architecture = config.architecture else { return }
        let platform = Platform(os: os, architecture: architecture, variant: config.variant)
        guard platforms.contains(where: { $0.matches(platform) }) else {
            throw PlatformMismatch(reference: reference.description, wanted: platforms, actual: platform)
        }
    }
}
