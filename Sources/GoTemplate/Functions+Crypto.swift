import Foundation
import OCI

/// sprig's password and symmetric crypto functions: `bcrypt`, `htpasswd`, `derivePassword`,
/// `encryptAES`, `decryptAES`. Their results and error texts are Go's; secrets stay in memory only.
extension Functions {
    static let sprigCrypto: FunctionTable = [
        "bcrypt": GoFunction([.string]) { .string(bcrypt(str($0[0]))) },
        "htpasswd": GoFunction([.string, .string]) { args in
            let user = str(args[0])
            if user.contains(":") { return .string("invalid username: \(user)") }
            return .string(user + ":" + bcrypt(str(args[1])))
        },
        "derivePassword": GoFunction([.uint32, .string, .string, .string, .string]) { args in
            .string(try MasterPassword.derive(counter: UInt32(truncatingIfNeeded: args[0].intValue ?? 0), type: str(args[1]),
                                              password: str(args[2]), user: str(args[3]), site: str(args[4])))
        },
        "encryptAES": GoFunction([.string, .string]) { .string(try SprigAES.encrypt(password: str($0[0]), plaintext: str($0[1]))) },
        "decryptAES": GoFunction([.string, .string]) { .string(try SprigAES.decrypt(password: str($0[0]), base64: str($0[1]))) },
    ]

    /// sprig's `bcrypt`: a failure is returned as text, not as an error.
    private static func bcrypt(_ password: String) -> String {
        do {
            return try Bcrypt.hash(Array(password.utf8))
        } catch let failure as FunctionFailure {
            return "failed to encrypt string with bcrypt: \(failure.message)"
        } catch {
            return "failed to encrypt string with bcrypt: \(error)"
        }
    }
}

/// The Master Password algorithm (Lyndir) that sprig's `derivePassword` implements: scrypt of
/// the password salted with the user name, HMAC-SHA256 of the site and counter, then a template
/// of character classes picked by the seed.
enum MasterPassword {
    static let scope = Array("com.lyndir.masterpassword".utf8)

    static let templates: [String: [String]] = [
        "maximum": ["anoxxxxxxxxxxxxxxxxx", "axxxxxxxxxxxxxxxxxno"],
        "long": ["CvcvnoCvcvCvcv", "CvcvCvcvnoCvcv", "CvcvCvcvCvcvno", "CvccnoCvcvCvcv", "CvccCvcvnoCvcv",
                 "CvccCvcvCvcvno", "CvcvnoCvccCvcv", "CvcvCvccnoCvcv", "CvcvCvccCvcvno", "CvcvnoCvcvCvcc",
                 "CvcvCvcvnoCvcc", "CvcvCvcvCvccno", "CvccnoCvccCvcv", "CvccCvccnoCvcv", "CvccCvccCvcvno",
                 "CvcvnoCvccCvcc", "CvcvCvccnoCvcc", "CvcvCvccCvccno", "CvccnoCvcvCvcc", "CvccCvcvnoCvcc",
                 "CvccCvcvCvccno"],
        "medium": ["CvcnoCvc", "CvcCvcno"],
        "short": ["Cvcn"],
        "basic": ["aaanaaan", "aannaaan", "aaannaaa"],
        "pin": ["nnnn"],
    ]

    static let characters: [Character: [UInt8]] = [
        "V": Array("AEIOU".utf8),
        "C": Array("BCDFGHJKLMNPQRSTVWXYZ".utf8),
        "v": Array("aeiou".utf8),
        "c": Array("bcdfghjklmnpqrstvwxyz".utf8),
        "A": Array("AEIOUBCDFGHJKLMNPQRSTVWXYZ".utf8),
        "a": Array("AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz".utf8),
        "n": Array("0123456789".utf8),
        "o": Array("@&%?,=[]_:-+*$#!'^~;()/.".utf8),
        "x": Array("AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()".utf8),
    ]

    static func derive(counter: UInt32, type: String, password: String, user: String, site: String) throws -> String {
        guard let choices = templates[type] else { return "cannot find password template \(type)" }
        let salt = scope + bigEndian(UInt32(truncatingIfNeeded: user.utf8.count)) + Array(user.utf8)
        let key: [UInt8]
        do {
            key = try OpenSSL.scrypt(password: Array(password.utf8), salt: salt, n: 32768, r: 8, p: 2, length: 64)
        } catch let failure as FunctionFailure {
            return "failed to derive password: \(failure.message)"
        }
        let message = scope + bigEndian(UInt32(truncatingIfNeeded: site.utf8.count)) + Array(site.utf8) + bigEndian(counter)
        let seed = try OpenSSL.hmacSHA256(key: key, message: message)
        let template = choices[Int(seed[0]) % choices.count]
        var password: [UInt8] = []
        for (index, kind) in template.enumerated() {
            let pool = characters[kind] ?? []
            password.append(pool[Int(seed[index + 1]) % pool.count])
        }
        return String(decoding: password, as: UTF8.self)
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        (0..<4).map { UInt8(truncatingIfNeeded: value >> (24 - 8 * UInt32($0))) }
    }
}

/// sprig's `encryptAES`/`decryptAES`: AES-256-CBC keyed by the password's first 32 bytes
/// (zero-filled), PKCS#7 padding, a random IV in front, standard base64. Decryption trusts the
/// last byte as the padding length without checking it, and Go's panics on short or ragged
/// input are reproduced as errors.
enum SprigAES {
    static func key(_ password: String) -> [UInt8] {
        let bytes = Array(password.utf8.prefix(32))
        return bytes + [UInt8](repeating: 0, count: 32 - bytes.count)
    }

    static func encrypt(password: String, plaintext: String) throws -> String {
        guard !plaintext.isEmpty else { return "" }
        var content = Array(plaintext.utf8)
        let padding = 16 - content.count % 16
        content += [UInt8](repeating: UInt8(padding), count: padding)
        let iv = try OpenSSL.randomBytes(16)
        let encrypted = try OpenSSL.aes256CBC(encrypt: true, key: key(password), iv: iv, data: content)
        return Data(iv + encrypted).base64EncodedString()
    }

    static func decrypt(password: String, base64: String) throws -> String {
        guard !base64.isEmpty else { return "" }
        // Go's StdEncoding skips CR and LF.
        let text = base64.filter { $0 != "\r" && $0 != "\n" }
        guard let data = Data(base64Encoded: text) else {
            throw FunctionFailure("illegal base64 data at input byte \(TemplateJSON.badBase64Offset(text))")
        }
        let crypt = [UInt8](data)
        guard crypt.count >= 16 else {
            throw FunctionFailure("runtime error: slice bounds out of range [:16] with capacity \(crypt.count)")
        }
        let body = Array(crypt[16...])
        guard body.count % 16 == 0 else { throw FunctionFailure("crypto/cipher: input not full blocks") }
        guard let last = body.last else { throw FunctionFailure("runtime error: index out of range [-1]") }
        let decrypted = try OpenSSL.aes256CBC(encrypt: false, key: key(password), iv: Array(crypt[..<16]), data: body)
        let end = decrypted.count - Int(decrypted.last ?? last)
        guard end >= 0 else { throw FunctionFailure("runtime error: slice bounds out of range [:\(end)]") }
        return String(decoding: decrypted[..<end], as: UTF8.self)
    }
}
