import Foundation
import Testing
@testable import OCI

struct SHA256HasherTests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func knownVectors(input: String, hex: String) {
        let hasher = SHA256Hasher()
        hasher.update(Data(input.utf8))
        #expect(hasher.finalize().description == "sha256:" + hex)
        #expect(hasher.byteCount == Int64(input.utf8.count))
    }

    /// 1 MiB of `i % 251`; expected value from Python's hashlib.
    static let mebibyte = Data((0..<(1 << 20)).map { UInt8($0 % 251) })
    static let mebibyteHex = "631b84027d6b9e52b539c4e8373622d23032dfadc64d60af87339c9037e4f769"

    @Test(arguments: [1, 7, 64, 4096, 7919, 65536, 1 << 20])
    func chunkedEqualsOneShot(chunk: Int) {
        let data = Self.mebibyte
        let hasher = SHA256Hasher()
        var offset = 0
        while offset < data.count {
            let end = min(offset + chunk, data.count)
            data[offset..<end].withUnsafeBytes { hasher.update($0) }
            offset = end
        }
        #expect(hasher.byteCount == Int64(data.count))
        #expect(hasher.finalize() == Digest.sha256(of: data))
        #expect(hasher.finalize().encoded == Self.mebibyteHex)
    }

    @Test func finalizeIsIdempotentAndLaterUpdatesAreIgnored() {
        let hasher = SHA256Hasher()
        hasher.update(Data("abc".utf8))
        let first = hasher.finalize()
        hasher.update(Data("more".utf8))
        #expect(hasher.finalize() == first)
        #expect(hasher.byteCount == 3)
    }

    @Test func emptyBufferIsANoOp() {
        let hasher = SHA256Hasher()
        hasher.update(UnsafeRawBufferPointer(start: nil, count: 0))
        hasher.update(Data())
        #expect(hasher.byteCount == 0)
        #expect(hasher.finalize().encoded == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }
}

@Suite struct DigestHasherSHA512Tests {
    @Test func knownVectors() {
        #expect(DigestHasher.digest(of: Data("abc".utf8), algorithm: .sha512).description
                == "sha512:ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f")
        #expect(DigestHasher.digest(of: Data(), algorithm: .sha512).encoded.hasPrefix("cf83e1357eefb8bdf1542850d66d8007"))
        #expect(DigestHasher.digest(of: Data("abc".utf8), algorithm: .sha256) == Digest.sha256(of: Data("abc".utf8)))
    }
}
