import Foundation
import OCI

/// Small JSON blobs of a stream kept on disk until the end, when index.json says which of them
/// are manifests. On disk rather than in memory, so memory stays flat in the number of images.
final class ManifestSpool: @unchecked Sendable {
    private let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-manifests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func keep(_ data: Data, digest: Digest) throws {
        try data.write(to: file(digest))
    }

    /// The verified bytes of `digest`, if the stream carried it.
    func bytes(_ digest: Digest) -> Data? {
        try? Data(contentsOf: file(digest))
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }

    private func file(_ digest: Digest) -> URL {
        directory.appendingPathComponent("\(digest.algorithm.rawValue)-\(digest.encoded)")
    }
}
