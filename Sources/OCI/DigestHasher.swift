import Foundation

/// The hasher for SHA-256, the algorithm nearly every registry uses.
public typealias SHA256Hasher = DigestHasher

/// Streaming SHA-256 or SHA-512 over OpenSSL EVP (through `OpenSSL.DigestContext`).
///
/// Blobs are hashed while their bytes pass from the network to their destination, so nothing is
/// ever re-read to verify it. Not thread-safe: one hasher belongs to one stream.
public final class DigestHasher {
    public let algorithm: Digest.Algorithm
    private let context: OpenSSL.DigestContext
    private var result: Digest?
    /// Bytes fed so far, to check a blob's size against its descriptor without a second counter.
    public private(set) var byteCount: Int64 = 0

    public init(_ algorithm: Digest.Algorithm = .sha256) {
        self.algorithm = algorithm
        self.context = OpenSSL.DigestContext(sha512: algorithm == .sha512)
    }

    /// The digest of `data` with `algorithm`.
    public static func digest(of data: Data, algorithm: Digest.Algorithm) -> Digest {
        let hasher = DigestHasher(algorithm)
        hasher.update(data)
        return hasher.finalize()
    }

    /// Adds bytes. Calls after `finalize()` are ignored: the digest is already fixed.
    public func update(_ buffer: UnsafeRawBufferPointer) {
        guard result == nil, buffer.count > 0 else { return }
        context.update(buffer)
        byteCount += Int64(buffer.count)
    }

    /// Adds bytes. Calls after `finalize()` are ignored: the digest is already fixed.
    public func update(_ data: Data) {
        data.withUnsafeBytes { update($0) }
    }

    /// The digest of everything fed so far. Calling it again returns the same digest.
    public func finalize() -> Digest {
        if let result { return result }
        let bytes = context.finish()
        guard bytes.count * 2 == algorithm.hexLength else {
            fatalError("OpenSSL EVP_DigestFinal_ex gave \(bytes.count) bytes for \(algorithm.rawValue)")
        }
        let digest = Digest(unchecked: algorithm, encoded: Self.hex(bytes))
        result = digest
        return digest
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
