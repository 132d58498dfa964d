import CCrypto
import Foundation

/// GoTemplate's one door to OpenSSL (libcrypto), for sprig's crypto functions: randomness,
/// scrypt, HMAC-SHA256, raw AES-256-CBC, private keys and X.509
/// certificates. Everything Go-specific (formats, error texts, which field is set) lives in
/// the callers; this file only moves bytes in and out of C. Nothing here logs a secret.
enum OpenSSL {
    /// An OpenSSL call failed; the message names the call and OpenSSL's own reason.
    static func failure(_ call: String) -> FunctionFailure {
        let code = ERR_get_error()
        ERR_clear_error()
        guard code != 0, let reason = ERR_reason_error_string(code) else { return FunctionFailure("\(call) failed") }
        return FunctionFailure("\(call): \(String(cString: reason))")
    }

    static func randomBytes(_ count: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        guard RAND_bytes(&bytes, Int32(count)) == 1 else { throw failure("RAND_bytes") }
        return bytes
    }

    /// scrypt with room for N=32768, r=8 (32 MiB), beyond OpenSSL's default memory cap.
    static func scrypt(password: [UInt8], salt: [UInt8], n: UInt64, r: UInt64, p: UInt64, length: Int) throws -> [UInt8] {
        var key = [UInt8](repeating: 0, count: length)
        let status = password.withUnsafeBytes { pass in
            EVP_PBE_scrypt(pass.baseAddress?.assumingMemoryBound(to: CChar.self), pass.count, salt, salt.count,
                           n, r, p, 1 << 28, &key, length)
        }
        guard status == 1 else { throw failure("EVP_PBE_scrypt") }
        return key
    }

    static func hmacSHA256(key: [UInt8], message: [UInt8]) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard HMAC(EVP_sha256(), key, Int32(key.count), message, message.count, &out, &length) != nil else {
            throw failure("HMAC")
        }
        return Array(out.prefix(Int(length)))
    }

    /// AES-256-CBC over whole blocks, no padding (callers pad and unpad the way Go's sprig does).
    static func aes256CBC(encrypt: Bool, key: [UInt8], iv: [UInt8], data: [UInt8]) throws -> [UInt8] {
        guard let context = EVP_CIPHER_CTX_new() else { throw failure("EVP_CIPHER_CTX_new") }
        defer { EVP_CIPHER_CTX_free(context) }
        var out = [UInt8](repeating: 0, count: data.count + 16)
        var written: Int32 = 0
        var tail = [UInt8](repeating: 0, count: 16)
        var final: Int32 = 0
        guard EVP_CipherInit_ex(context, EVP_aes_256_cbc(), nil, key, iv, encrypt ? 1 : 0) == 1,
              EVP_CIPHER_CTX_set_padding(context, 0) == 1,
              EVP_CipherUpdate(context, &out, &written, data, Int32(data.count)) == 1,
              EVP_CipherFinal_ex(context, &tail, &final) == 1
        else { throw failure("AES-256-CBC") }
        return Array(out.prefix(Int(written))) + tail.prefix(Int(final))
    }

}

/// A private key held by OpenSSL.
final class OpenSSLKey {
    enum Kind: Sendable { case rsa, dsa, ecdsa, ed25519, other }

    let pkey: OpaquePointer

    private init(_ pkey: OpaquePointer) { self.pkey = pkey }
    deinit { EVP_PKEY_free(pkey) }

    var kind: Kind {
        switch EVP_PKEY_get_base_id(pkey) {
        case EVP_PKEY_RSA: return .rsa
        case EVP_PKEY_DSA: return .dsa
        case EVP_PKEY_EC: return .ecdsa
        case EVP_PKEY_ED25519: return .ed25519
        default: return .other
        }
    }

    /// Key size in bits (the curve size for ECDSA).
    var bits: Int { Int(EVP_PKEY_get_bits(pkey)) }

    static func generate(_ kind: Kind, rsaBits: Int = 2048) throws -> OpenSSLKey {
        let id: Int32 = switch kind {
        case .rsa: EVP_PKEY_RSA
        case .dsa: EVP_PKEY_DSA
        case .ecdsa: EVP_PKEY_EC
        default: EVP_PKEY_ED25519
        }
        var parameters: OpaquePointer?
        defer { EVP_PKEY_free(parameters) }
        if kind == .dsa {
            // DSA needs its domain parameters first: L=2048, N=256, as Go's dsa.L2048N256.
            guard let context = EVP_PKEY_CTX_new_id(id, nil) else { throw OpenSSL.failure("EVP_PKEY_CTX_new_id") }
            defer { EVP_PKEY_CTX_free(context) }
            guard EVP_PKEY_paramgen_init(context) == 1, EVP_PKEY_CTX_set_dsa_paramgen_bits(context, 2048) == 1,
                  EVP_PKEY_CTX_set_dsa_paramgen_q_bits(context, 256) == 1, EVP_PKEY_paramgen(context, &parameters) == 1
            else { throw OpenSSL.failure("DSA parameter generation") }
        }
        guard let context = parameters.map({ EVP_PKEY_CTX_new($0, nil) }) ?? EVP_PKEY_CTX_new_id(id, nil) else {
            throw OpenSSL.failure("EVP_PKEY_CTX_new")
        }
        defer { EVP_PKEY_CTX_free(context) }
        guard EVP_PKEY_keygen_init(context) == 1 else { throw OpenSSL.failure("EVP_PKEY_keygen_init") }
        if kind == .rsa, EVP_PKEY_CTX_set_rsa_keygen_bits(context, Int32(rsaBits)) != 1 { throw OpenSSL.failure("RSA key size") }
        if kind == .ecdsa, EVP_PKEY_CTX_set_ec_paramgen_curve_nid(context, NID_X9_62_prime256v1) != 1 {
            throw OpenSSL.failure("EC curve")
        }
        var key: OpaquePointer?
        guard EVP_PKEY_keygen(context, &key) == 1, let key else { throw OpenSSL.failure("EVP_PKEY_keygen") }
        return OpenSSLKey(key)
    }

    /// A key from DER: PKCS#8 (`pkcs8`) or the traditional form of `kind` (PKCS#1, SEC 1, DSA).
    static func parse(der: [UInt8], traditional kind: Kind?) -> OpenSSLKey? {
        der.withUnsafeBufferPointer { buffer -> OpenSSLKey? in
            var cursor = buffer.baseAddress
            guard let kind else {
                guard let info = d2i_PKCS8_PRIV_KEY_INFO(nil, &cursor, buffer.count) else { ERR_clear_error(); return nil }
                defer { PKCS8_PRIV_KEY_INFO_free(info) }
                let key = EVP_PKCS82PKEY(info)
                ERR_clear_error()
                return key.map(OpenSSLKey.init)
            }
            let id: Int32 = switch kind {
            case .rsa: EVP_PKEY_RSA
            case .dsa: EVP_PKEY_DSA
            default: EVP_PKEY_EC
            }
            let key = d2i_PrivateKey(id, nil, &cursor, buffer.count)
            ERR_clear_error()
            return key.map(OpenSSLKey.init)
        }
    }

    /// DER in the traditional form for RSA, DSA and EC keys, PKCS#8 otherwise.
    func der(pkcs8: Bool) throws -> [UInt8] {
        if pkcs8 {
            guard let info = EVP_PKEY2PKCS8(pkey) else { throw OpenSSL.failure("EVP_PKEY2PKCS8") }
            defer { PKCS8_PRIV_KEY_INFO_free(info) }
            return try OpenSSLDER.encode { i2d_PKCS8_PRIV_KEY_INFO(info, $0) }
        }
        return try OpenSSLDER.encode { i2d_PrivateKey(pkey, $0) }
    }

    /// Whether this key's public half is the public key in `certificate`.
    func matches(_ certificate: OpenSSLCertificate) -> Bool {
        let result = X509_check_private_key(certificate.x509, pkey) == 1
        ERR_clear_error()
        return result
    }
}

/// Reads an OpenSSL `i2d_*` result into bytes.
enum OpenSSLDER {
    static func encode(_ i2d: (UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?) -> Int32) throws -> [UInt8] {
        let length = i2d(nil)
        guard length > 0 else { throw OpenSSL.failure("DER encoding") }
        var bytes = [UInt8](repeating: 0, count: Int(length))
        try bytes.withUnsafeMutableBufferPointer { buffer in
            var cursor = buffer.baseAddress
            guard i2d(&cursor) == length else { throw OpenSSL.failure("DER encoding") }
        }
        return bytes
    }
}

/// An X.509 certificate held by OpenSSL.
final class OpenSSLCertificate {
    let x509: OpaquePointer

    init?(der: [UInt8]) {
        let parsed = der.withUnsafeBufferPointer { buffer -> OpaquePointer? in
            var cursor = buffer.baseAddress
            return d2i_X509(nil, &cursor, buffer.count)
        }
        ERR_clear_error()
        guard let parsed else { return nil }
        x509 = parsed
    }

    deinit { X509_free(x509) }

    var der: [UInt8] { (try? OpenSSLDER.encode { i2d_X509(x509, $0) }) ?? [] }

    /// The fields sprig's certificates set; `issuer` nil means self-signed.
    struct Request {
        var serial: [UInt8]
        var commonName: String
        var notBefore: Int
        var notAfter: Int
        var isCA: Bool
        var keyUsage: String
        var dnsNames: [String]
        var ipAddresses: [[UInt8]]
        /// Go marks the alternative names critical when the subject is empty (RFC 5280).
        var sanCritical: Bool { commonName.isEmpty }
    }

    /// Builds and signs a version 3 certificate; the digest follows the signing key as Go's does.
    static func make(_ request: Request, subjectKey: OpenSSLKey, issuer: OpenSSLCertificate?,
                     signingKey: OpenSSLKey, digest: OpaquePointer?) throws -> [UInt8] {
        guard let x509 = X509_new() else { throw OpenSSL.failure("X509_new") }
        defer { X509_free(x509) }
        let serial = BN_bin2bn(request.serial, Int32(request.serial.count), nil)
        defer { BN_free(serial) }
        guard X509_set_version(x509, 2) == 1, BN_to_ASN1_INTEGER(serial, X509_get_serialNumber(x509)) != nil,
              ASN1_TIME_set(X509_getm_notBefore(x509), time_t(request.notBefore)) != nil,
              ASN1_TIME_set(X509_getm_notAfter(x509), time_t(request.notAfter)) != nil,
              X509_set_pubkey(x509, subjectKey.pkey) == 1
        else { throw OpenSSL.failure("X509 fields") }
        if !request.commonName.isEmpty {
            let name = Array(request.commonName.utf8)
            guard X509_NAME_add_entry_by_txt(X509_get_subject_name(x509), "CN", MBSTRING_UTF8, name, Int32(name.count), -1, 0) == 1
            else { throw OpenSSL.failure("X509_NAME_add_entry_by_txt") }
        }
        guard X509_set_issuer_name(x509, X509_get_subject_name(issuer?.x509 ?? x509)) == 1 else {
            throw OpenSSL.failure("X509_set_issuer_name")
        }
        var context = X509V3_CTX()
        X509V3_set_ctx(&context, issuer?.x509 ?? x509, x509, nil, nil, 0)
        var extensions = [(NID_key_usage, "critical," + request.keyUsage), (NID_ext_key_usage, "serverAuth,clientAuth"),
                          (NID_basic_constraints, request.isCA ? "critical,CA:TRUE" : "critical,CA:FALSE")]
        if request.isCA { extensions.append((NID_subject_key_identifier, "hash")) }
        // Go names the issuer's key when the issuer is another certificate with a key id.
        if let issuer, issuer.hasSubjectKeyID, try nameDER(issuer.x509) != nameDER(x509) {
            extensions.append((NID_authority_key_identifier, "keyid:always"))
        }
        for (nid, value) in extensions {
            guard let extensionValue = X509V3_EXT_conf_nid(nil, &context, nid, value) else { throw OpenSSL.failure("X509 extension") }
            defer { X509_EXTENSION_free(extensionValue) }
            guard X509_add_ext(x509, extensionValue, -1) == 1 else { throw OpenSSL.failure("X509_add_ext") }
        }
        if !request.dnsNames.isEmpty || !request.ipAddresses.isEmpty { try addAlternativeNames(request, to: x509) }
        guard X509_sign(x509, signingKey.pkey, digest) > 0 else { throw OpenSSL.failure("X509_sign") }
        return try OpenSSLDER.encode { i2d_X509(x509, $0) }
    }

    /// The subjectAltName extension built name by name, so no name is read as OpenSSL config.
    private static func addAlternativeNames(_ request: Request, to x509: OpaquePointer) throws {
        guard let names = GENERAL_NAMES_new() else { throw OpenSSL.failure("GENERAL_NAMES_new") }
        defer { GENERAL_NAMES_free(names) }
        func append(_ type: Int32, _ bytes: [UInt8]) throws {
            guard let name = GENERAL_NAME_new(), let string = ASN1_STRING_type_new(type == GEN_DNS ? V_ASN1_IA5STRING : V_ASN1_OCTET_STRING)
            else { throw OpenSSL.failure("GENERAL_NAME_new") }
            ASN1_STRING_set(string, bytes, Int32(bytes.count))
            GENERAL_NAME_set0_value(name, type, UnsafeMutableRawPointer(string))
            guard ferry_general_names_push(names, name) > 0 else { GENERAL_NAME_free(name); throw OpenSSL.failure("GENERAL_NAMES push") }
        }
        for dns in request.dnsNames { try append(GEN_DNS, Array(dns.utf8)) }
        for ip in request.ipAddresses { try append(GEN_IPADD, ip) }
        guard X509_add1_ext_i2d(x509, NID_subject_alt_name, UnsafeMutableRawPointer(names), request.sanCritical ? 1 : 0,
                                UInt(X509V3_ADD_DEFAULT)) == 1
        else { throw OpenSSL.failure("subjectAltName") }
    }

    /// The subject name's DER, which Go compares byte for byte.
    private static func nameDER(_ x509: OpaquePointer) throws -> [UInt8] {
        let name = X509_get_subject_name(x509)
        return try OpenSSLDER.encode { i2d_X509_NAME(name, $0) }
    }

    var hasSubjectKeyID: Bool { X509_get0_subject_key_id(x509) != nil }

    static func digest(for key: OpenSSLKey) -> OpaquePointer? {
        switch (key.kind, key.bits) {
        case (.ed25519, _): return nil
        case (.ecdsa, 384): return EVP_sha384()
        case (.ecdsa, 521): return EVP_sha512()
        default: return EVP_sha256()
        }
    }
}
