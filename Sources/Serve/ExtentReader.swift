import Foundation
import OCI

/// Reads a small blob (a manifest) whole from its extent, with positioned reads, and checks it
/// against the digest it is served under: a file can rot or be edited after the catalog read it.
enum ExtentReader {
    /// Manifests are small documents (registries refuse more than 4 MiB).
    static let manifestLimit: Int64 = 4 << 20

    static func read(_ extent: BlobExtent, digest: Digest) throws -> Data {
        guard extent.size <= manifestLimit else {
            throw ServeError.badContent(digest, reason: "\(extent.size) bytes, more than a manifest may have (\(manifestLimit))")
        }
        let fd = open(extent.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ServeError.io(path: extent.path, operation: "open", errno: errno) }
        defer { close(fd) }
        var data = Data(count: Int(extent.size))
        let count = Int(extent.size)
        var done = 0
        try data.withUnsafeMutableBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            while done < count {
                let n = pread(fd, base + done, count - done, off_t(extent.offset) + off_t(done))
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { throw ServeError.io(path: extent.path, operation: "read", errno: n < 0 ? errno : EIO) }
                done += n
            }
        }
        let actual = DigestHasher.digest(of: data, algorithm: digest.algorithm)
        guard actual == digest else { throw ServeError.badContent(digest, reason: "its bytes hash to \(actual)") }
        return data
    }
}
