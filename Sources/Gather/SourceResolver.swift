import Config
import Foundation
import OCI
import Registry
import Store

/// One image to gather: the line it came from, the reference as written, and its manifest.
struct ResolvedSource: Sendable {
    var entry: SourceEntry
    /// The reference as the user wrote it (a tag filled in when the line selected tags).
    var text: String
    var reference: Reference
    var root: ParsedManifest
    /// Set when `--platforms` picked this manifest out of a multi-arch index.
    var platform: Platform?
    /// The original index, kept in the gather index so its digest can be recomputed.
    var sourceIndex: ParsedManifest?
}

/// Turns sources.list lines into concrete images: tag selections expanded through the tags
/// API, references parsed, manifests fetched, platforms picked.
struct SourceResolver: Sendable {
    let client: RegistryClient
    let platforms: [Platform]

    /// The references a line stands for: itself, or one per selected tag (sorted).
    func expand(_ entry: SourceEntry) async throws -> [String] {
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

    /// Fetches the manifest of `text` and applies the platform filter.
    func resolve(_ text: String, entry: SourceEntry) async throws -> [ResolvedSource] {
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
            throw StoreError.notFound("platform \(platforms.map(\.description).joined(separator: ", ")) in image \(reference) (it is \(platform))")
        }
    }
}
