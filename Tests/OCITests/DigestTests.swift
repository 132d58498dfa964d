import Foundation
import Testing
@testable import OCI

struct DigestTests {
    @Test(arguments: [
        (emptyJSONDigest, Digest.Algorithm.sha256, "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"),
        ("sha512:" + String(repeating: "0a", count: 64), .sha512, String(repeating: "0a", count: 64)),
    ])
    func parsesValid(input: String, algorithm: Digest.Algorithm, encoded: String) throws {
        let digest = try Digest(input)
        #expect(digest.algorithm == algorithm)
        #expect(digest.encoded == encoded)
        #expect(digest.description == input)
        #expect(try Digest(algorithm: algorithm, encoded: encoded) == digest)
    }

    @Test(arguments: [
        ("", "expected algorithm:hex"),
        ("44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", "expected algorithm:hex"),
        (":" + String(repeating: "a", count: 64), "missing algorithm"),
        ("md5:d41d8cd98f00b204e9800998ecf8427e", "unsupported algorithm \"md5\""),
        ("SHA256:" + String(repeating: "a", count: 64), "unsupported algorithm \"SHA256\""),
        ("sha256:" + String(repeating: "A", count: 64), "lowercase hex"),
        ("sha256:" + String(repeating: "g", count: 64), "lowercase hex"),
        ("sha256:../../etc/passwd", "lowercase hex"),
        ("sha256:abc", "needs 64 hex digits, got 3"),
        ("sha256:" + String(repeating: "a", count: 65), "needs 64 hex digits, got 65"),
        ("sha512:" + String(repeating: "a", count: 64), "needs 128 hex digits, got 64"),
        ("sha256:", "needs 64 hex digits, got 0"),
    ])
    func rejectsInvalid(input: String, reason: String) {
        let error = ociError { try Digest(input) }
        #expect(error == .invalidDigest(input))
        #expect(error?.description.contains(reason) == true, "\(String(describing: error))")
        #expect(error?.description.hasPrefix("invalid digest \"") == true)
    }

    @Test func codableAsSingleString() throws {
        let digest = try Digest(emptyJSONDigest)
        let json = try JSONEncoder().encode([digest])
        #expect(String(decoding: json, as: UTF8.self) == "[\"\(emptyJSONDigest)\"]")
        #expect(try JSONDecoder().decode([Digest].self, from: json) == [digest])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([Digest].self, from: Data("[\"sha256:nothex\"]".utf8))
        }
    }

    @Test func comparesByString() throws {
        let a = try Digest(fakeDigest("a")), b = try Digest(fakeDigest("b"))
        #expect(a < b)
        #expect(!(b < a))
        #expect([b, a].sorted() == [a, b])
    }

    @Test func sha256OfData() {
        #expect(Digest.sha256(of: Data("{}".utf8)).description == emptyJSONDigest)
    }
}
