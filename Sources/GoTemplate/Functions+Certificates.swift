import Foundation

/// sprig's key and certificate functions (`genPrivateKey`, `genCA`, `genSelfSignedCert`,
/// `genSignedCert`, their `WithKey` forms, `buildCustomCert`). Certificates are sprig's
/// `certificate` struct: `.Cert` and `.Key`, both PEM. Keys are made and certificates signed
/// by OpenSSL; which fields are set, the PEM block types and the error texts follow Go's.
extension Functions {
    static let certificateType = GoType.structure("sprig.certificate")
    private static let certificateNames: [GoType] = [.string, .slice(.any), .slice(.any), .int]

    static let sprigCertificates: FunctionTable = [
        "genPrivateKey": GoFunction([.string]) { .string(SprigKeys.generate(str($0[0]))) },
        "buildCustomCert": GoFunction([.string, .string]) { try SprigCertificates.build(str($0[0]), str($0[1])) },
        "genCA": GoFunction([.string, .int]) { args in
            try SprigCertificates.make(args, isCA: true, key: SprigKeys.rsa())
        },
        "genCAWithKey": GoFunction([.string, .int, .string]) { args in
            try SprigCertificates.make(args, isCA: true, key: SprigKeys.parse(str(args[2]), context: "parsing private key: "))
        },
        "genSelfSignedCert": GoFunction(certificateNames) { args in
            try SprigCertificates.make(args, isCA: false, key: SprigKeys.rsa())
        },
        "genSelfSignedCertWithKey": GoFunction(certificateNames + [.string]) { args in
            try SprigCertificates.make(args, isCA: false, key: SprigKeys.parse(str(args[4]), context: "parsing private key: "))
        },
        "genSignedCert": GoFunction(certificateNames + [certificateType]) { args in
            let key = try SprigKeys.rsa()
            return try SprigCertificates.make(args, isCA: false, key: key, signer: SprigCertificates.signer(args[4]))
        },
        "genSignedCertWithKey": GoFunction(certificateNames + [certificateType, .string]) { args in
            let key = try SprigKeys.parse(str(args[5]), context: "parsing private key: ")
            return try SprigCertificates.make(args, isCA: false, key: key, signer: SprigCertificates.signer(args[4]))
        },
    ]
}

/// Private keys as sprig makes, writes and reads them.
enum SprigKeys {
    /// sprig's `genPrivateKey`: PEM, or a message in place of the key.
    static func generate(_ type: String) -> String {
        let kind: OpenSSLKey.Kind
        switch type {
        case "", "rsa": kind = .rsa
        case "dsa": kind = .dsa
        case "ecdsa": kind = .ecdsa
        case "ed25519": kind = .ed25519
        default: return "Unknown type " + type
        }
        do {
            return try pem(OpenSSLKey.generate(kind, rsaBits: 4096))
        } catch let failure as FunctionFailure {
            return (kind == .dsa ? "failed to generate dsa params: " : "failed to generate private key: ") + failure.message
        } catch {
            return "failed to generate private key: \(error)"
        }
    }

    /// The 2048-bit RSA key sprig's certificate functions make when given none.
    static func rsa() throws -> OpenSSLKey {
        do {
            return try OpenSSLKey.generate(.rsa, rsaBits: 2048)
        } catch let failure as FunctionFailure {
            throw FunctionFailure("error generating rsa key: \(failure.message)")
        }
    }

    /// Go's block types: PKCS#1, SEC 1 and OpenSSL's DSA form; PKCS#8 for everything else.
    static func pem(_ key: OpenSSLKey) throws -> String {
        switch key.kind {
        case .rsa: return GoPEM.encode(type: "RSA PRIVATE KEY", try key.der(pkcs8: false))
        case .dsa: return GoPEM.encode(type: "DSA PRIVATE KEY", try key.der(pkcs8: false))
        case .ecdsa: return GoPEM.encode(type: "EC PRIVATE KEY", try key.der(pkcs8: false))
        default: return GoPEM.encode(type: "PRIVATE KEY", try key.der(pkcs8: true))
        }
    }

    /// sprig's `parsePrivateKeyPEM`, its errors prefixed with `context`.
    static func parse(_ text: String, context: String) throws -> OpenSSLKey {
        func fail(_ message: String) -> FunctionFailure { FunctionFailure(context + message) }
        guard let block = GoPEM.decode(text) else { throw fail("no PEM data in input") }
        if block.type == "PRIVATE KEY" {
            guard let key = OpenSSLKey.parse(der: block.bytes, traditional: nil), [.rsa, .ecdsa, .ed25519].contains(key.kind) else {
                throw fail("decoding PEM as PKCS#8: x509: failed to parse private key")
            }
            return key
        }
        guard block.type.hasSuffix(" PRIVATE KEY") else { throw fail("no private key data in PEM block of type \(block.type)") }
        let (kind, name): (OpenSSLKey.Kind, String)
        switch block.type.dropLast(12) {
        case "RSA": (kind, name) = (.rsa, "RSA")
        case "EC": (kind, name) = (.ecdsa, "EC")
        case "DSA": (kind, name) = (.dsa, "DSA")
        default: throw fail("invalid private key type \(block.type)")
        }
        guard let key = OpenSSLKey.parse(der: block.bytes, traditional: kind) else {
            throw fail("parsing \(name) private key from PEM: x509: failed to parse private key")
        }
        return key
    }
}

/// sprig's certificate builders.
enum SprigCertificates {
    struct Signer {
        var certificate: OpenSSLCertificate
        var key: OpenSSLKey
    }

    static func value(cert: String, key: String) -> Value {
        Value(.structure(typeName: "sprig.certificate", fields: [
            .init(name: "Cert", value: .string(cert), type: .string),
            .init(name: "Key", value: .string(key), type: .string),
        ]), Functions.certificateType)
    }

    private static func fields(_ value: Value) -> (cert: String, key: String) {
        guard case .structure(_, let fields) = value.data else { return ("", "") }
        func field(_ name: String) -> String {
            if case .string(let text)? = fields.first(where: { $0.name == name })?.value { return text }
            return ""
        }
        return (field("Cert"), field("Key"))
    }

    /// The CA of `genSignedCert`: its certificate PEM, then its key, as Go checks them.
    static func signer(_ value: Value) throws -> Signer {
        let (cert, key) = fields(value)
        guard let block = GoPEM.decode(cert) else { throw FunctionFailure("unable to decode certificate") }
        guard let certificate = OpenSSLCertificate(der: block.bytes) else {
            throw FunctionFailure("error parsing certificate: decodedSignerCert.Bytes: x509: malformed certificate")
        }
        return Signer(certificate: certificate, key: try SprigKeys.parse(key, context: "error parsing private key: "))
    }

    /// sprig's `buildCustomCert`: base64 PEM certificate and key, checked and returned as PEM.
    static func build(_ base64Cert: String, _ base64Key: String) throws -> Value {
        func decode(_ text: String) -> String? {
            Data(base64Encoded: text.filter { $0 != "\r" && $0 != "\n" }).map { String(decoding: $0, as: UTF8.self) }
        }
        guard let cert = decode(base64Cert) else { throw FunctionFailure("unable to decode base64 certificate") }
        guard let key = decode(base64Key) else { throw FunctionFailure("unable to decode base64 private key") }
        guard let block = GoPEM.decode(cert) else { throw FunctionFailure("unable to decode certificate") }
        guard OpenSSLCertificate(der: block.bytes) != nil else {
            throw FunctionFailure("error parsing certificate: decodedCert.Bytes: x509: malformed certificate")
        }
        _ = try SprigKeys.parse(key, context: "error parsing private key: ")
        return value(cert: cert, key: key)
    }

    /// `args` are (cn, daysValid) for a CA, (cn, ips, alternateDNS, daysValid, ...) otherwise.
    static func make(_ args: [Value], isCA: Bool, key: OpenSSLKey, signer: Signer? = nil) throws -> Value {
        let commonName = Functions.str(args[0])
        let days = (isCA ? args[1] : args[3]).intValue ?? 0
        let ips = isCA ? [] : try ipAddresses(args[1])
        let dnsNames = isCA ? [] : try strings(args[2], "error processing alternate dns name")
        let now = Date().timeIntervalSince1970
        // Go's `time.Hour * 24 * time.Duration(daysValid)` wraps around in nanoseconds.
        let nanoseconds = Int64(86_400_000_000_000) &* Int64(days)
        let fraction = Int64((now - now.rounded(.down)) * 1e9)
        let (seconds, extra) = (nanoseconds / 1_000_000_000, nanoseconds % 1_000_000_000 + fraction)
        let notAfter = Int(now) &+ Int(seconds) &+ Int((Double(extra) / 1e9).rounded(.down))
        let request = OpenSSLCertificate.Request(
            serial: try OpenSSL.randomBytes(16), commonName: commonName, notBefore: Int(now), notAfter: notAfter, isCA: isCA,
            keyUsage: isCA ? "digitalSignature,keyEncipherment,keyCertSign" : "digitalSignature,keyEncipherment",
            dnsNames: dnsNames, ipAddresses: ips)
        let signingKey = signer?.key ?? key
        func creating(_ message: String) -> FunctionFailure { FunctionFailure("error creating certificate: x509: " + message) }
        guard signingKey.kind != .dsa else { throw creating("certificate private key does not implement crypto.Signer") }
        guard [.rsa, .ecdsa, .ed25519].contains(signingKey.kind) else { throw creating("only RSA, ECDSA and Ed25519 keys supported") }
        guard key.kind != .dsa else { throw creating("unsupported public key type: *dsa.PublicKey") }
        if let signer, !signer.key.matches(signer.certificate) { throw creating("provided PrivateKey doesn't match parent's PublicKey") }
        if let bad = dnsNames.first(where: { !$0.unicodeScalars.allSatisfy(\.isASCII) }) {
            throw creating("\(GoQuote.quote(bad)) cannot be encoded as an IA5String")
        }
        let der = try OpenSSLCertificate.make(request, subjectKey: key, issuer: signer?.certificate, signingKey: signingKey,
                                              digest: OpenSSLCertificate.digest(for: signingKey))
        return value(cert: GoPEM.encode(type: "CERTIFICATE", der), key: try SprigKeys.pem(key))
    }

    /// sprig's `getNetIPs`: each must be a string Go's `net.ParseIP` accepts; IPv4 is 4 bytes.
    private static func ipAddresses(_ list: Value) throws -> [[UInt8]] {
        try strings(list, "error parsing ip").map { text in
            var v4 = in_addr()
            if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
            var v6 = in6_addr()
            guard inet_pton(AF_INET6, text, &v6) == 1 else { throw FunctionFailure("error parsing ip: \(text)") }
            let bytes = withUnsafeBytes(of: &v6) { Array($0) }
            let mapped = bytes.prefix(10).allSatisfy { $0 == 0 } && bytes[10] == 0xff && bytes[11] == 0xff
            return mapped ? Array(bytes.suffix(4)) : bytes
        }
    }

    private static func strings(_ list: Value, _ context: String) throws -> [String] {
        guard case .list(let items) = list.data else { return [] }
        return try items.map { item in
            guard case .string(let text) = item else {
                throw FunctionFailure("\(context): \(GoPrinter.format(Value(dynamic: item), depth: 0)) is not a string")
            }
            return text
        }
    }
}
