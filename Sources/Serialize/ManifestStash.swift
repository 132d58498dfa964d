import Foundation
import Synchronization
import OCI
import Registry
import Store
import Streams

/// The manifests a plan walked, kept in a temporary directory until they are written: a registry
/// serves manifests from /manifests/, not /blobs/, so their bytes are kept from the walk — on disk,
/// so memory stays flat however many images the set holds. The serializer removes it when the
/// run ends, however it ends (a `ScratchDirectory`).
final class ManifestStash: Sendable {
    private let directory: ScratchDirectory
    private let stored = Mutex<Set<Digest>>([])

    init() throws {
        directory = try ScratchDirectory(purpose: "plan")
    }

    /// Removes the kept bytes; the stash holds nothing afterwards.
    func remove() {
        directory.remove()
        stored.withLock { $0.removeAll() }
    }

    func keep(_ data: Data, digest: Digest) throws {
        try data.write(to: file(digest))
        stored.withLock { _ = $0.insert(digest) }
    }

    func contains(_ digest: Digest) -> Bool {
        stored.withLock { $0.contains(digest) }
    }

    /// The kept bytes as a stream; the writer verifies them again while they pass.
    func source(_ descriptor: Descriptor) throws -> (any ByteSource)? {
        guard contains(descriptor.digest) else { return nil }
        return VerifyingSource(try FileSource(path: file(descriptor.digest).path), expected: descriptor)
    }

    private func file(_ digest: Digest) -> URL {
        directory.url.appendingPathComponent("\(digest.algorithm.rawValue)-\(digest.encoded)")
    }
}
