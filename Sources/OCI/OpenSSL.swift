import CCrypto
import Foundation

/// OCI's one file that calls OpenSSL (libcrypto): streaming digests for every blob, the ECDSA
/// check of cosign signatures, random bytes and Blowfish's block function (bcrypt). Callers see
/// only these small safe types.
enum OpenSSL {
    /// Bytes from OpenSSL's CSPRNG.
    static func randomBytes(_ count: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        guard RAND_bytes(&bytes, Int32(count)) == 1 else { throw RandomBytesFailure() }
        return bytes
    }

    /// OpenSSL could not produce random bytes (its entropy source failed).
    struct RandomBytesFailure: Error, CustomStringConvertible {
        var description: String { "OpenSSL RAND_bytes failed: no random bytes available" }
    }

    /// A Blowfish key schedule whose P and S arrays the caller fills (bcrypt's EksBlowfish), and
    /// a two-word block (`block[0]` left, `block[1]` right) that `encrypt` encrypts in place.
    final class Blowfish {
        private let key = UnsafeMutablePointer<BF_KEY>.allocate(capacity: 1)
        /// P (18 words) then S (4 × 256 words), contiguous as in `BF_KEY`.
        let p: UnsafeMutablePointer<UInt32>
        let s: UnsafeMutablePointer<UInt32>
        let block = UnsafeMutablePointer<UInt32>.allocate(capacity: 2)

        init() {
            let raw = UnsafeMutableRawPointer(key)
            p = raw.bindMemory(to: UInt32.self, capacity: 18 + 1024)
            s = p + (MemoryLayout<BF_KEY>.offset(of: \BF_KEY.S) ?? 72) / 4
            block.initialize(repeating: 0, count: 2)
        }

        deinit {
            UnsafeMutableRawPointer(key).initializeMemory(as: UInt8.self, repeating: 0, count: MemoryLayout<BF_KEY>.size)
            key.deallocate()
            block.deallocate()
        }

        func encrypt() { ferry_bf_encrypt(block, key) }
    }

    /// One EVP digest computation (SHA-256 or SHA-512). Not thread-safe: one per stream.
    final class DigestContext {
        private let context: OpaquePointer

        init(sha512: Bool) {
            guard let context = EVP_MD_CTX_new() else {
                fatalError("OpenSSL EVP_MD_CTX_new failed (out of memory)")
            }
            self.context = context
            guard EVP_DigestInit_ex(context, sha512 ? EVP_sha512() : EVP_sha256(), nil) == 1 else {
                fatalError("OpenSSL EVP_DigestInit_ex failed")
            }
        }

        deinit { EVP_MD_CTX_free(context) }

        func update(_ buffer: UnsafeRawBufferPointer) {
            guard let base = buffer.baseAddress, buffer.count > 0 else { return }
            guard EVP_DigestUpdate(context, base, buffer.count) == 1 else {
                fatalError("OpenSSL EVP_DigestUpdate failed")
            }
        }

        func finish() -> [UInt8] {
            var bytes = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
            var length: UInt32 = 0
            guard EVP_DigestFinal_ex(context, &bytes, &length) == 1 else {
                fatalError("OpenSSL EVP_DigestFinal_ex failed")
            }
            return Array(bytes.prefix(Int(length)))
        }
    }

    /// A public key read from PEM (`-----BEGIN PUBLIC KEY-----`, as `cosign generate-key-pair`
    /// and `openssl pkey -pubout` write it). Immutable once read, so it is shared freely; each
    /// verification uses its own EVP context.
    final class PublicKey: @unchecked Sendable {
        private let key: OpaquePointer

        /// Nil when `pem` holds no public key OpenSSL can read.
        init?(pem: Data) {
            let read: OpaquePointer? = pem.withUnsafeBytes { raw in
                guard let base = raw.baseAddress, raw.count > 0, raw.count <= Int(Int32.max),
                      let bio = BIO_new_mem_buf(base, Int32(raw.count)) else { return nil }
                defer { BIO_free(bio) }
                return PEM_read_bio_PUBKEY(bio, nil, nil, nil)
            }
            ERR_clear_error()
            guard let read else { return nil }
            key = read
        }

        deinit { EVP_PKEY_free(key) }

        /// The key's algorithm and curve as OpenSSL names them: `EC prime256v1`, `RSA`, `ED25519`.
        var kind: String {
            let type = EVP_PKEY_get0_type_name(key).map { String(cString: $0) } ?? "unknown"
            var name = [CChar](repeating: 0, count: 80)
            var length = 0
            guard EVP_PKEY_get_group_name(key, &name, name.count, &length) == 1 else { return type }
            return "\(type) \(String(decoding: name.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self))"
        }

        /// True when `signature` (ASN.1 DER for ECDSA) signs the SHA-256 digest of `message`.
        func verifiesSHA256(signature: Data, message: Data) -> Bool {
            guard let context = EVP_MD_CTX_new() else { return false }
            defer {
                EVP_MD_CTX_free(context)
                ERR_clear_error()
            }
            guard EVP_DigestVerifyInit(context, nil, EVP_sha256(), nil, key) == 1 else { return false }
            return signature.withUnsafeBytes { sig in
                message.withUnsafeBytes { msg in
                    guard let sigBase = sig.bindMemory(to: UInt8.self).baseAddress, sig.count > 0 else { return false }
                    let msgBase = msg.bindMemory(to: UInt8.self).baseAddress
                    return EVP_DigestVerify(context, sigBase, sig.count, msgBase, msg.count) == 1
                }
            }
        }
    }
}
