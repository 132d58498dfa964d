import Deserialize
import Foundation
import OCI
import TarStream
import Testing

/// One damaged byte (or a cut) where no blob lies: padding, the end-of-archive marker and what
/// follows it, the first index.json, oci-layout. Each fails the run and leaves the root untagged,
/// although every blob arrives intact.
@Suite struct StreamDamageTests {
    /// Where a plain stream keeps an entry's data: (start, size) by name, the first of each name
    /// unless `last`.
    static func entry(_ name: String, in data: Data, last: Bool = false) throws -> (start: Int, size: Int) {
        var found: (Int, Int)?
        try TarWalk.forEach(data) { header, start, size in
            if header == name, found == nil || last { found = (start, size) }
        }
        return try #require(found)
    }

    static func expectFailsUntagged(_ stream: String, _ fixture: StreamFixture, saying words: String,
                                    sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let target = try fixture.target(UUID().uuidString)
        let text = try #require(await deserialize(stream, into: target).failureText, sourceLocation: sourceLocation)
        #expect(text.contains(words), "\(text)", sourceLocation: sourceLocation)
        #expect(!DeserializerTests.rootTagged(target), "tagged: \(text)", sourceLocation: sourceLocation)
    }

    @Test func aFlippedPaddingByteFails() async throws {
        let fixture = try await StreamFixture.make(seed: 60)
        let bad = try fixture.variant("padding.tar") { data in
            let layout = try Self.entry("oci-layout", in: data)
            data[layout.start + layout.size + 9] ^= 0x08
        }
        try await Self.expectFailsUntagged(bad, fixture, saying: "zero padding")
    }

    @Test func aFlippedByteAfterTheLastEntryFails() async throws {
        let fixture = try await StreamFixture.make(seed: 61)
        let index = try Self.entry("index.json", in: try Data(contentsOf: URL(fileURLWithPath: fixture.stream)), last: true)
        let marker = index.start + (index.size + 511) / 512 * 512
        for (name, at) in [("marker.tar", marker + 700), ("block.tar", marker + 1024 + 3)] {
            let bad = try fixture.variant(name) { data in
                #expect(at < data.count)
                data[at] ^= 0x40
            }
            try await Self.expectFailsUntagged(bad, fixture, saying: "byte \(at)")
        }
    }

    @Test func aCutAfterTheLastEntryFails() async throws {
        let fixture = try await StreamFixture.make(seed: 62)
        let index = try Self.entry("index.json", in: try Data(contentsOf: URL(fileURLWithPath: fixture.stream)), last: true)
        let marker = index.start + (index.size + 511) / 512 * 512
        for (name, cut) in [("in-marker.tar", marker + 600), ("in-block.tar", marker + 1024 + 100)] {
            let bad = try fixture.variant(name) { data in data = data.prefix(cut) }
            try await Self.expectFailsUntagged(bad, fixture, saying: "truncated")
        }
    }

    /// The first index.json lists the root with the same bytes as the final one lists it.
    @Test(arguments: ["\"vnd.act3-ace.data.version\"", "\"sha256:", "\"mediaType\"", "\"annotations\"", "\"size\": "])
    func aFlippedByteInTheFirstIndexFails(_ near: String) async throws {
        let fixture = try await StreamFixture.make(seed: 63)
        let bad = try fixture.variant("index.tar") { data in
            let index = try Self.entry("index.json", in: data)
            let text = String(decoding: data[index.start..<(index.start + index.size)], as: UTF8.self)
            let range = try #require(text.range(of: near))
            // Inside a key or a value: the byte after the opening quote, or the value's first digit.
            let inside = near.hasSuffix(" ") ? range.upperBound : text.index(after: range.lowerBound)
            let at = index.start + text.utf8.distance(from: text.startIndex, to: inside)
            data[at] ^= 0x01
        }
        try await Self.expectFailsUntagged(bad, fixture, saying: "index.json")
    }

    @Test func aFlippedByteInOCILayoutFails() async throws {
        let fixture = try await StreamFixture.make(seed: 64)
        let bad = try fixture.variant("layout.tar") { data in
            let layout = try Self.entry("oci-layout", in: data)
            data[layout.start + 25] ^= 0x02  // inside "1.0.0"
        }
        try await Self.expectFailsUntagged(bad, fixture, saying: "oci-layout")
    }

    /// Compressed streams need none of this: gzip's CRC-32 and zstd's checksum cover the tar.
    @Test(arguments: [StreamCompression.gzip, .zstd])
    func aFlippedByteInACompressedStreamFails(_ compression: StreamCompression) async throws {
        let fixture = try await StreamFixture.make(seed: 65, compression: compression)
        let bad = try fixture.variant("compressed.tar") { data in data[data.count / 3] ^= 0x10 }
        let target = try fixture.target()
        #expect(await deserialize(bad, into: target).failureText != nil)
        #expect(!DeserializerTests.rootTagged(target))
    }
}

/// The headers of a plain tar with short names (ustar, no PAX): name, data start, data size.
enum TarWalk {
    static func forEach(_ data: Data, _ body: (String, Int, Int) throws -> Void) throws {
        let bytes = [UInt8](data)
        var offset = 0
        while offset + 512 <= bytes.count, bytes[offset..<(offset + 512)].contains(where: { $0 != 0 }) {
            let name = String(decoding: bytes[offset..<(offset + 100)].prefix { $0 != 0 }, as: UTF8.self)
            let field = String(decoding: bytes[(offset + 124)..<(offset + 136)].filter { (0x30...0x37).contains($0) }, as: UTF8.self)
            let size = Int(field, radix: 8) ?? 0
            try body(name, offset + 512, size)
            offset += 512 + (size + 511) / 512 * 512
        }
    }
}
