import Foundation
import OCI

/// Brings ferry's cache down to a size (`ferry cache prune`, ace-dt's `util prune`).
///
/// What goes, in order, until the cache fits: blobs of the local store that no tag reaches
/// (left by an interrupted archive), the blob-location hints, then whole tagged images of the
/// store, oldest tag first. An image goes with every blob only it reaches, index.json first, so
/// the store never lists a manifest whose blobs are gone (a later archive would trust it). The
/// manifests a deserialize keeps waiting for their blobs are never pruned: they are state, not
/// cache. Files younger than `settle` are left alone: an archive running right now may be
/// writing them before it tags them.
public struct CachePruner: Sendable {
    /// The cache directory (`~/.cache/ferry`).
    public let cache: URL
    /// The local store of archive/unarchive (`cachePath/store`, else `cache/store`).
    public let store: URL
    public var settle: TimeInterval = 3600

    public init(cache: URL, store: URL) {
        self.cache = cache
        self.store = store
    }

    /// What a prune removed (or, for a dry run, would remove) and what stays.
    public struct Report: Sendable, Equatable {
        public var sizeBefore: Int64 = 0
        public var sizeAfter: Int64 = 0
        /// Tags of the store's images that were removed.
        public var removedImages: [String] = []
        public var removedFiles = 0
        /// Bytes of deserialize's waiting manifests, kept.
        public var waitingManifests: Int64 = 0
    }

    public func prune(to limit: Int64, dryRun: Bool = false) throws -> Report {
        var report = Report()
        let layout = try? OCILayout(root: store, create: false)
        let plan = try layout.map { try StorePlan(layout: $0) }
        let locations = Self.files(in: cache.appendingPathComponent("blob-locations"))
        let storeFiles = layout.map { Self.files(in: $0.root.appendingPathComponent("blobs")) } ?? []
        report.waitingManifests = Self.files(in: cache.appendingPathComponent("manifests")).map(\.size).saturatedSum
        report.sizeBefore = (locations + storeFiles).map(\.size).saturatedSum
        var size = report.sizeBefore
        var doomed: [CacheFile] = []
        let young = Date().addingTimeInterval(-settle)

        var users = plan?.users ?? [:]
        for file in storeFiles.sorted(by: { $0.modified < $1.modified }) where size > limit {
            guard file.modified < young, users[file.path] == nil else { continue }
            doomed.append(file)
            size -= file.size
        }
        for file in locations.sorted(by: { $0.modified < $1.modified }) where size > limit {
            doomed.append(file)
            size -= file.size
        }
        var removedEntries: [Descriptor] = []
        if let plan, size > limit {
            let byPath = Dictionary(storeFiles.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
            for (entry, paths) in zip(plan.entries, plan.reach) where size > limit {
                removedEntries.append(entry)
                // A blob goes with the last image that uses it.
                for path in paths {
                    users[path, default: 1] -= 1
                    guard users[path] == 0, let file = byPath[path] else { continue }
                    doomed.append(file)
                    size -= file.size
                }
                report.removedImages.append(entry.annotations?[AnnotationKey.refName] ?? entry.digest.description)
            }
        }
        report.removedFiles = doomed.count
        report.sizeAfter = max(size, 0)
        guard !dryRun else { return report }
        if let layout, !removedEntries.isEmpty {
            var index = try layout.index()
            let removed = Set(removedEntries)
            index.manifests.removeAll { removed.contains($0) }
            try layout.writeIndex(index)
        }
        for file in doomed { unlink(file.path) }
        return report
    }

    /// A regular file of the cache, with what the order of removal needs.
    struct CacheFile: Sendable {
        var path: String
        var size: Int64
        var modified: Date
    }

    /// Every regular file under `directory` (none when it is missing); links are not followed.
    static func files(in directory: URL) -> [CacheFile] {
        guard let walker = FileManager.default.enumerator(
            at: directory, includingPropertiesForKeys: [.isRegularFileKey, .fileSizeKey, .contentModificationDateKey]) else { return [] }
        var result: [CacheFile] = []
        for case let url as URL in walker {
            guard let values = try? url.resourceValues(forKeys: [.isRegularFileKey, .fileSizeKey, .contentModificationDateKey]),
                  values.isRegularFile == true else { continue }
            result.append(CacheFile(path: url.path, size: Int64(values.fileSize ?? 0),
                                    modified: values.contentModificationDate ?? .distantPast))
        }
        return result
    }
}

/// The store's tagged images and the blob files each reaches.
private struct StorePlan {
    let layout: OCILayout
    /// index.json's entries, oldest first (a tag set again moves to the end).
    let entries: [Descriptor]
    /// The blob files each entry reaches, in `entries` order.
    let reach: [Set<String>]
    /// How many entries reach each blob file: a file no entry reaches is not in it.
    let users: [String: Int]

    init(layout: OCILayout) throws {
        self.layout = layout
        entries = try layout.index().manifests
        reach = entries.map { Self.walk($0, in: layout) }
        users = reach.reduce(into: [:]) { counts, paths in for path in paths { counts[path, default: 0] += 1 } }
    }

    /// Blob paths reachable from `root` (visited set: a cycle or a shared child is walked once).
    /// A manifest that cannot be read ends its branch; its own file still counts as reached.
    private static func walk(_ root: Descriptor, in layout: OCILayout) -> Set<String> {
        var paths: Set<String> = []
        var visited: Set<Digest> = []
        var pending = [root]
        while let descriptor = pending.popLast() {
            guard visited.insert(descriptor.digest).inserted else { continue }
            paths.insert(layout.blobPath(descriptor.digest))
            guard MediaType.isManifest(descriptor.mediaType), let manifest = try? layout.manifest(descriptor) else { continue }
            pending.append(contentsOf: manifest.children)
        }
        return paths
    }
}
