import Foundation
import OCI
import Registry
import Store

/// The manifests a plan walked, kept in a temporary directory until they are written: a registry
/// serves manifests from /manifests/, not /blobs/, so their bytes are kept from the walk — on disk,
/// so memory stays flat however many images the set holds. Removed when the stash goes away.
final class ManifestStash: @unchecked Sendable {
    private let directory: URL
    private var stored: Set<Digest> = []
    private let lock = NSLock()

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-plan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    func keep(_ data: Data, digest: Digest) throws {
        try data.write(to: file(digest))
        lock.lock(); stored.insert(digest); lock.unlock()
    }

    func contains(_ digest: Digest) -> Bool {
        lock.lock(); defer { lock.unlock() }
        return stored.contains(digest)
    }

    /// The kept bytes as a stream; the writer verifies them again while they pass.
    func source(_ descriptor: Descriptor) throws -> (any ByteSource)? {
        guard contains(descriptor.digest) else { return nil }
        return VerifyingSource(try FileSource(path: file(descriptor.digest).path), expected: descriptor)
    }

    private func file(_ digest: Digest) -> URL {
        directory.appendingPathComponent("\(digest.algorithm.rawValue)-\(digest.encoded)")
    }
}
