import Foundation
import OCI
import Registry
import Streams

/// A local OCI image layout (`oci-layout`, `index.json`, `blobs/<alg>/<hex>`), the embedded store
/// that needs no registry and that skopeo and umoci read too.
///
/// Blobs arrive through `ingest`: written under a temporary name, verified, then renamed, so a
/// crash never leaves a wrong file under a digest. `index.json` is replaced atomically.
public final class OCILayout: Sendable {
    public let root: URL
    private let indexLock = NSLock()

    /// Opens the layout at `root`, creating an empty one if the directory is new or empty.
    public init(root: URL, create: Bool = true) throws {
        self.root = root
        let fm = FileManager.default
        let marker = root.appendingPathComponent("oci-layout")
        if fm.fileExists(atPath: marker.path) {
            guard let data = try? RegularFile.read(marker.path, limit: 64 << 10),
                  let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                  let version = object["imageLayoutVersion"] as? String, version.hasPrefix("1.") else {
                throw StoreError.invalidLayout(path: root.path, reason: "oci-layout is missing imageLayoutVersion 1.x")
            }
            return
        }
        guard create else { throw StoreError.invalidLayout(path: root.path, reason: "no oci-layout file") }
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: root.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw StoreError.invalidLayout(path: root.path, reason: "not a directory") }
            let entries = (try? fm.contentsOfDirectory(atPath: root.path)) ?? []
            guard entries.isEmpty else {
                throw StoreError.invalidLayout(path: root.path, reason: "directory is not empty and has no oci-layout file")
            }
        }
        do {
            try fm.createDirectory(at: root.appendingPathComponent("blobs/sha256"), withIntermediateDirectories: true)
            try Data(#"{"imageLayoutVersion":"1.0.0"}"#.utf8).write(to: marker, options: .atomic)
            try writeIndex(ImageIndex(schemaVersion: 2, mediaType: MediaType.ociIndex, artifactType: nil,
                                      manifests: [], subject: nil, annotations: nil))
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.invalidLayout(path: root.path, reason: "cannot create: \(error.localizedDescription)")
        }
    }

    public func blobPath(_ digest: Digest) -> String {
        root.appendingPathComponent("blobs/\(digest.algorithm.rawValue)/\(digest.encoded)").path
    }

    /// True when the blob is a regular file inside the layout; anything else at its path (a
    /// FIFO, a directory, a symlink out of the layout) is not the blob, and a write replaces it.
    public func hasBlob(_ digest: Digest) -> Bool {
        guard let path = try? containedBlobPath(digest) else { return false }
        return RegularFile.exists(path)
    }

    /// `blobPath(digest)`, refused when it (or `blobs/<alg>`) is a symlink that resolves outside
    /// the layout: a layout from elsewhere must not make ferry read (and send on) any file of
    /// this machine. A path that does not exist yet is returned as it is.
    func containedBlobPath(_ digest: Digest) throws -> String {
        let path = blobPath(digest)
        guard let target = Self.realPath(path) else { return path }
        guard let base = Self.realPath(root.path), target.hasPrefix(base.hasSuffix("/") ? base : base + "/") else {
            throw StoreError.notRegularFile(path: path, kind: "a symlink to outside the layout")
        }
        return path
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// True while nothing has been stored: no blob, no index entry (a fresh layout).
    public var isUnused: Bool {
        let blobs = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("blobs/sha256").path)) ?? []
        return blobs.isEmpty && ((try? index().manifests.isEmpty) ?? false)
    }

    /// Reads a blob from `offset` as a stream.
    public func openBlob(_ digest: Digest, offset: Int64 = 0) throws -> FileSource {
        do {
            return try FileSource(path: try containedBlobPath(digest), offset: offset)
        } catch StoreError.io(_, _, ENOENT) {
            throw StoreError.notFound("blob \(digest) in \(root.path)")
        }
    }

    /// Streams `source` into the layout, verifying size and digest before the blob becomes visible.
    public func ingest(_ descriptor: Descriptor, from source: any ByteSource) throws {
        if hasBlob(descriptor.digest) { return }
        let directory = root.appendingPathComponent("blobs/\(descriptor.digest.algorithm.rawValue)")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        removeStaleIngests(of: descriptor.digest, in: directory)
        let temporary = directory.appendingPathComponent(".ingest-\(descriptor.digest.encoded)-\(UUID().uuidString)").path
        try VerifyingFileSink.store(source, as: descriptor, temporaryPath: temporary, finalPath: blobPath(descriptor.digest))
    }

    /// Removes temporary files of `digest` that a killed run left behind. A live ingest writes to
    /// its file continuously, so one untouched for a minute is abandoned.
    private func removeStaleIngests(of digest: Digest, in directory: URL) {
        let prefix = ".ingest-\(digest.encoded)-"
        let fm = FileManager.default
        for name in (try? fm.contentsOfDirectory(atPath: directory.path)) ?? [] where name.hasPrefix(prefix) {
            let path = directory.appendingPathComponent(name).path
            if let modified = (try? fm.attributesOfItem(atPath: path))?[.modificationDate] as? Date,
               Date().timeIntervalSince(modified) > 60 {
                try? fm.removeItem(atPath: path)
            }
        }
    }

    /// Stores small content (a manifest) after checking it hashes to `descriptor`.
    public func ingest(_ descriptor: Descriptor, data: Data) throws {
        try ingest(descriptor, from: DataSource(data))
    }

    /// Reads a manifest or index blob and parses it with the media type its descriptor gives.
    public func manifest(_ descriptor: Descriptor) throws -> ParsedManifest {
        let notFound = StoreError.notFound("manifest \(descriptor.digest) in \(root.path)")
        guard descriptor.size <= Self.manifestLimit else { throw notFound }
        let data: Data
        do {
            data = try RegularFile.read(try containedBlobPath(descriptor.digest), limit: Self.manifestLimit)
        } catch StoreError.io(_, _, ENOENT) {
            throw notFound
        }
        let parsed = try ParsedManifest(bytes: data, contentType: descriptor.mediaType)
        let actual = DigestHasher.digest(of: data, algorithm: descriptor.digest.algorithm)
        guard actual == descriptor.digest else {
            throw StoreError.digestMismatch(expected: descriptor.digest, actual: actual)
        }
        return parsed
    }

    /// Manifests are small documents (registries refuse more than 4 MiB).
    static let manifestLimit = 4 << 20
    /// index.json lists every tag of the store: generous, but bounded.
    static let indexLimit = 64 << 20

    /// The layout's `index.json`.
    public func index() throws -> ImageIndex {
        let path = root.appendingPathComponent("index.json").path
        let data: Data
        do {
            data = try RegularFile.read(path, limit: Self.indexLimit)
        } catch StoreError.io(_, _, ENOENT) {
            throw StoreError.invalidLayout(path: root.path, reason: "no index.json")
        }
        do {
            let parsed = try ParsedManifest(bytes: data, contentType: MediaType.ociIndex)
            guard case .index(let index) = parsed.body else {
                throw StoreError.invalidLayout(path: root.path, reason: "index.json is not an image index")
            }
            return index
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.invalidLayout(path: root.path, reason: "index.json: \(error)")
        }
    }

    /// The descriptor tagged `tag` (annotation org.opencontainers.image.ref.name); with no tag,
    /// the only entry of index.json.
    public func resolve(tag: String?) throws -> Descriptor {
        let entries = try index().manifests
        if let tag {
            guard let found = entries.last(where: { $0.annotations?[AnnotationKey.refName] == tag }) else {
                throw StoreError.notFound("tag \"\(tag)\" in \(root.path)")
            }
            return found
        }
        guard entries.count == 1, let only = entries.first else {
            throw StoreError.notFound("\(root.path) has \(entries.count) entries in index.json; name one with :TAG")
        }
        return only
    }

    /// Points `tag` at `descriptor` in index.json (replacing an older entry of that tag).
    public func setTag(_ tag: String?, to descriptor: Descriptor) throws {
        indexLock.lock(); defer { indexLock.unlock() }
        var index = try self.index()
        var entry = descriptor
        if let tag {
            index.manifests.removeAll { $0.annotations?[AnnotationKey.refName] == tag }
            var annotations = entry.annotations ?? [:]
            annotations[AnnotationKey.refName] = tag
            entry.annotations = annotations
        } else {
            index.manifests.removeAll { $0.digest == descriptor.digest && $0.annotations?[AnnotationKey.refName] == nil }
        }
        index.manifests.append(entry)
        try writeIndex(index)
    }

    func writeIndex(_ index: ImageIndex) throws {
        let url = root.appendingPathComponent("index.json")
        do {
            try index.goJSON().write(to: url, options: .atomic)
        } catch {
            throw StoreError.io(path: url.path, operation: "write", errno: EIO)
        }
    }
}
