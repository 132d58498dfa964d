import Foundation
import OCI
import Testing

/// `SignatureKey` over OpenSSL, with a fixed vector made by `openssl dgst -sha256 -sign` with a
/// `prime256v1` key, and `CosignPayload` parsing.
@Suite struct SignatureKeyTests {
    static let p256 = """
        -----BEGIN PUBLIC KEY-----
        MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEiufYx09CrUECU7XioxLDT+Dv9frB
        f4O8OsMBZWPAz2mqvRBNapfUhdUt1NgG7yTmPVsX6Sve29Y0QF/e12cmyg==
        -----END PUBLIC KEY-----
        """
    static let message = Data("ferry signature test vector".utf8)
    static let signature = "MEYCIQCUrKgIdzgecCakxSAhTtXII8GzUwy+gEd8v7khHJ/FYQIhAPPeWcn/fBrn2e2ek8flwrf7uffFA4F/rQj3H/eN9F8m"

    @Test func verifiesTheVectorAndNothingElse() throws {
        let key = try SignatureKey(pem: Data(Self.p256.utf8), name: "vector.pub")
        let signature = try #require(Data(base64Encoded: Self.signature))
        #expect(key.verifies(signature: signature, of: Self.message))
        #expect(!key.verifies(signature: signature, of: Self.message + Data("!".utf8)))
        var flipped = signature
        flipped[flipped.count - 1] ^= 1
        #expect(!key.verifies(signature: flipped, of: Self.message))
        #expect(!key.verifies(signature: Data(), of: Self.message))
        #expect(!key.verifies(signature: Data("not DER".utf8), of: Self.message))
    }

    @Test func otherKeyTypesAreRefusedByName() {
        let p384 = """
            -----BEGIN PUBLIC KEY-----
            MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAEMiPVD6sdnE+8bUwFVP6+9PR1+eUsr6Ck
            Es7Jk1lPJervU8f+Q1eNwpz9eFGHzN3QAqxAQAdT28ZuC7Gm0P6t/NcL29e1hm+G
            dpDp0yKL6Ao+pstfL++Mtkwgc/jbLGl3
            -----END PUBLIC KEY-----
            """
        let ed25519 = "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAP95XXsUmsox4SxkpdQZqQNlCIGQjb1xiH2k327QGkhc=\n-----END PUBLIC KEY-----\n"
        func refusal(_ pem: String, _ name: String) -> String? {
            do {
                _ = try SignatureKey(pem: Data(pem.utf8), name: name)
                return nil
            } catch {
                return "\(error)"
            }
        }
        let rule = "keys are not accepted; cosign key pairs are ECDSA P-256 (EC prime256v1)"
        #expect(refusal(p384, "p384.pub") == "signature key p384.pub: EC secp384r1 \(rule)")
        #expect(refusal(ed25519, "ed.pub") == "signature key ed.pub: ED25519 \(rule)")
        #expect(refusal("", "empty.pub") == "signature key empty.pub: no PEM public key (-----BEGIN PUBLIC KEY-----) in it")
    }

    @Test func payloadParsing() throws {
        let digest = Digest.sha256(of: Data("x".utf8))
        func payload(type: String = "cosign container image signature", digest: String) -> Data {
            Data(#"{"critical":{"identity":{"docker-reference":"reg.io/app"},"image":{"docker-manifest-digest":"\#(digest)"},"type":"\#(type)"},"optional":{"a":"b"}}"#.utf8)
        }
        let parsed = try CosignPayload(bytes: payload(digest: digest.description))
        #expect(parsed.manifestDigest == digest && parsed.dockerReference == "reg.io/app")
        #expect(CosignPayload.signatureTag(for: digest) == "sha256-\(digest.encoded).sig")
        #expect(throws: CosignPayloadError.self) { try CosignPayload(bytes: payload(type: "atomic container signature", digest: digest.description)) }
        #expect(throws: CosignPayloadError.self) { try CosignPayload(bytes: payload(digest: "sha256:nothex")) }
        #expect(throws: CosignPayloadError.self) { try CosignPayload(bytes: Data("[]".utf8)) }
    }
}
