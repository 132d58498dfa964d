import CCrypto
import Foundation

/// The only file in TestSupport that touches OpenSSL (the project rule: one Swift file per C
/// library). Key and certificate *generation* uses the `openssl` CLI instead (see
/// `TestCertificates`), which is simpler and runs once per process.

/// Signs with an RSA private key as JWS `RS256` (RSASSA-PKCS1-v1_5 over SHA-256), the algorithm
/// distribution's token verifier (libtrust) accepts for RSA keys.
final class RSASigner: @unchecked Sendable {
    private let key: OpaquePointer
    private let lock = NSLock()

    /// Loads a PEM private key (PKCS#1 or PKCS#8, unencrypted).
    init(privateKeyPEM: Data) throws {
        let loaded: OpaquePointer? = privateKeyPEM.withUnsafeBytes { raw in
            guard let base = raw.baseAddress, let bio = BIO_new_mem_buf(base, Int32(raw.count)) else { return nil }
            defer { BIO_free(bio) }
            return PEM_read_bio_PrivateKey(bio, nil, nil, nil)
        }
        guard let loaded else { throw TestSupportError.invalidInput("cannot read PEM private key") }
        key = loaded
    }

    deinit {
        EVP_PKEY_free(key)
    }

    /// The RS256 signature of `message`.
    func sign(_ message: Data) throws -> Data {
        lock.lock()
        defer { lock.unlock() }
        guard let context = EVP_MD_CTX_new() else { throw TestSupportError.invalidInput("EVP_MD_CTX_new failed") }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestSignInit(context, nil, EVP_sha256(), nil, key) == 1 else {
            throw TestSupportError.invalidInput("EVP_DigestSignInit failed")
        }
        return try message.withUnsafeBytes { raw -> Data in
            let input = raw.bindMemory(to: UInt8.self).baseAddress
            var length = 0
            guard EVP_DigestSign(context, nil, &length, input, raw.count) == 1 else {
                throw TestSupportError.invalidInput("EVP_DigestSign (size) failed")
            }
            var signature = [UInt8](repeating: 0, count: length)
            guard EVP_DigestSign(context, &signature, &length, input, raw.count) == 1 else {
                throw TestSupportError.invalidInput("EVP_DigestSign failed")
            }
            return Data(signature.prefix(length))
        }
    }
}

/// Deterministic pseudo-random bytes: AES-128-CTR keystream under a key derived from a seed.
///
/// Fixture layers must be incompressible (so sizes mean something) and identical for the same
/// seed in every run (so a shared layer is the same blob everywhere); AES-CTR gives both at
/// memory speed, where a Swift PRNG in a debug build would take seconds for 64 MiB.
final class KeyStream {
    private let context: OpaquePointer
    private let zeros = [UInt8](repeating: 0, count: 1 << 20)

    init(seed: UInt64) throws {
        guard let context = EVP_CIPHER_CTX_new() else { throw TestSupportError.invalidInput("EVP_CIPHER_CTX_new failed") }
        self.context = context
        var key = [UInt8](repeating: 0x5a, count: 16)
        for index in 0..<8 { key[index] = UInt8(truncatingIfNeeded: seed >> (8 * UInt64(index))) }
        let iv = [UInt8](repeating: 0, count: 16)
        guard EVP_EncryptInit_ex(context, EVP_aes_128_ctr(), nil, key, iv) == 1 else {
            EVP_CIPHER_CTX_free(context)
            throw TestSupportError.invalidInput("EVP_EncryptInit_ex(aes-128-ctr) failed")
        }
    }

    deinit {
        EVP_CIPHER_CTX_free(context)
    }

    /// The next `count` bytes of the stream (at most 1 MiB per call).
    func next(_ count: Int) throws -> Data {
        let count = min(count, zeros.count)
        var output = [UInt8](repeating: 0, count: count + 16)
        var written: Int32 = 0
        guard EVP_EncryptUpdate(context, &output, &written, zeros, Int32(count)) == 1 else {
            throw TestSupportError.invalidInput("EVP_EncryptUpdate failed")
        }
        return Data(output.prefix(Int(written)))
    }
}
