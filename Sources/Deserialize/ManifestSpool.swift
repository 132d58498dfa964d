import Foundation
import OCI
import Store

/// Manifests of a stream kept on local disk, never in the target, until everything under them is
/// there: a registry serves any blob by digest, so a manifest stored early as a blob would be
/// readable before its content is complete. The directory persists across runs (content-addressed,
/// so runs can share it): the manifests of a first medium wait there for the medium that completes
/// them. Entries are kept after a push: concurrent runs (into other targets)
/// may still need the same manifest, and manifests are small. On disk rather than in memory, so
/// memory stays flat in the number of images.
final class ManifestSpool: Sendable {
    private let directory: URL

    init(directory: URL) throws {
        self.directory = directory
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    /// `$XDG_CACHE_HOME/ferry/manifests` (else `~/.cache/ferry/manifests`).
    static func standardDirectory() -> URL {
        (CacheDirectory.ferry() ?? FileManager.default.temporaryDirectory.appendingPathComponent("ferry-cache"))
            .appendingPathComponent("manifests")
    }

    /// A spool of its own in the temporary directory, for a run that must leave nothing behind
    /// (a dry run); `removeAll` deletes it.
    static func scratch() throws -> ManifestSpool {
        try ManifestSpool(directory: FileManager.default.temporaryDirectory.appendingPathComponent("ferry-manifests-\(UUID().uuidString)"))
    }

    /// Deletes the spool's directory and everything in it.
    func removeAll() {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Stores verified bytes under their digest (atomically: a crash never leaves a torn file).
    func keep(_ data: Data, digest: Digest) throws {
        try data.write(to: file(digest), options: .atomic)
    }

    /// The verified bytes of `digest`, if a stream carried it and it was not pushed yet.
    func bytes(_ digest: Digest) -> Data? {
        guard let data = try? Data(contentsOf: file(digest)),
              DigestHasher.digest(of: data, algorithm: digest.algorithm) == digest else { return nil }
        return data
    }

    private func file(_ digest: Digest) -> URL {
        directory.appendingPathComponent("\(digest.algorithm.rawValue)-\(digest.encoded)")
    }
}
