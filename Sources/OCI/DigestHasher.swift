import CCrypto
import Foundation

/// The hasher for SHA-256, the algorithm nearly every registry uses.
public typealias SHA256Hasher = DigestHasher

/// Streaming SHA-256 or SHA-512 over OpenSSL EVP.
///
/// Blobs are hashed while their bytes pass from the network to their destination, so nothing is
/// ever re-read to verify it. This is the only Swift file in ferry that touches OpenSSL.
/// Not thread-safe: one hasher belongs to one stream.
public final class DigestHasher {
    public let algorithm: Digest.Algorithm
    private let context: OpaquePointer
    private var result: Digest?
    /// Bytes fed so far, to check a blob's size against its descriptor without a second counter.
    public private(set) var byteCount: Int64 = 0

    public init(_ algorithm: Digest.Algorithm = .sha256) {
        guard let context = EVP_MD_CTX_new() else {
            fatalError("OpenSSL EVP_MD_CTX_new failed (out of memory)")
        }
        self.algorithm = algorithm
        self.context = context
        let md = algorithm == .sha512 ? EVP_sha512() : EVP_sha256()
        guard EVP_DigestInit_ex(context, md, nil) == 1 else {
            fatalError("OpenSSL EVP_DigestInit_ex(\(algorithm.rawValue)) failed")
        }
    }

    /// The digest of `data` with `algorithm`.
    public static func digest(of data: Data, algorithm: Digest.Algorithm) -> Digest {
        let hasher = DigestHasher(algorithm)
        hasher.update(data)
        return hasher.finalize()
    }

    deinit {
        EVP_MD_CTX_free(context)
    }

    /// Adds bytes. Calls after `finalize()` are ignored: the digest is already fixed.
    public func update(_ buffer: UnsafeRawBufferPointer) {
        guard result == nil, let base = buffer.baseAddress, buffer.count > 0 else { return }
        guard EVP_DigestUpdate(context, base, buffer.count) == 1 else {
            fatalError("OpenSSL EVP_DigestUpdate failed")
        }
        byteCount += Int64(buffer.count)
    }

    /// Adds bytes. Calls after `finalize()` are ignored: the digest is already fixed.
    public func update(_ data: Data) {
        data.withUnsafeBytes { update($0) }
    }

    /// The digest of everything fed so far. Calling it again returns the same digest.
    public func finalize() -> Digest {
        if let result { return result }
        var bytes = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard EVP_DigestFinal_ex(context, &bytes, &length) == 1, Int(length) * 2 == algorithm.hexLength else {
            fatalError("OpenSSL EVP_DigestFinal_ex failed")
        }
        let digest = Digest(unchecked: algorithm, encoded: Self.hex(bytes.prefix(Int(length))))
        result = digest
        return digest
    }

    private static func hex(_ bytes: ArraySlice<UInt8>) -> String {
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
