import Foundation
import OCI
import Store
import Streams
import Transfer

/// One image of a set as `ferry ls` shows it.
public struct ImageDetails: Sendable, Equatable {
    /// The reference it was gathered from, as written (`vnd.act3-ace.manifest.source`).
    public var reference: String
    public var digest: Digest
    public var mediaType: String
    /// `os/arch[/variant]` of each platform: an index's manifests', else the image config's.
    public var platforms: [String]
    /// Manifests, configs and layers under it (an index: all its children), each blob once.
    public var size: Int64
    /// Manifests whose subject is this image (signatures, SBOMs).
    public var referrers: Int

    /// Reads what is needed from `source`: the manifests under the image (a walk with a visited
    /// set), the config of a single image (at most a manifest's size limit) and its referrers.
    public static func read(reference: String, descriptor: Descriptor, in source: any ContentSource) async throws -> ImageDetails {
        let manifest = try await source.manifest(descriptor)
        let graph = try await GraphPlanner.walk(manifest, from: source, referrers: false)
        var unique: [Digest: Descriptor] = [:]
        for blob in graph.manifests + graph.blobs.descriptors where !MediaType.isNonDistributable(blob.mediaType) {
            unique[blob.digest] = blob
        }
        let size = unique.values.totalSize
        return ImageDetails(reference: reference, digest: descriptor.digest, mediaType: manifest.mediaType,
                            platforms: try await platforms(of: manifest, descriptor: descriptor, in: source).map(\.description),
                            size: size, referrers: try await source.referrers(descriptor.digest).count)
    }

    private static func platforms(of manifest: ParsedManifest, descriptor: Descriptor, in source: any ContentSource) async throws -> [Platform] {
        if let platform = descriptor.platform { return [platform] }
        if let index = manifest.index {
            var seen: Set<Platform> = []
            return index.manifests.compactMap(\.platform).filter { seen.insert($0).inserted }
        }
        guard let config = manifest.image?.config, [MediaType.ociConfig, MediaType.dockerConfig].contains(config.mediaType) else { return [] }
        if let stream = source as? StreamContents { return stream.configPlatform(config.digest).map { [$0] } ?? [] }
        guard config.size <= StreamScanner.documentLimit else { return [] }
        let blob = try source.openBlob(config, offset: 0)
        let data = try await runOnThread {
            defer { blob.close() }
            let sink = DataSink(limit: Int(StreamScanner.documentLimit))
            try blob.copy(into: sink)
            return sink.data
        }
        return (try? JSONDecoder().decode(ConfigPlatform.self, from: data))?.platform.map { [$0] } ?? []
    }
}
