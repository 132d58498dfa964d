import ClientTestSupport
import Foundation
import OCI
import Testing
import TestSupport

/// Seeded bit-flips and truncations of a small serialized stream, anywhere in it, each
/// deserialized into a real registry. A stream crosses an air gap on media that rot: whatever was
/// damaged (blob data, a header, padding, the end marker, the block padding after it), deserialize
/// must say so (exit 1) and must never leave the tag on content that does not verify. The full
/// 100 + 100 run over a bigger set is `bench/faults --items 2` (docs/reliability.md).
@Suite struct StreamCorruptionTests {
    static let seed: UInt64 = 0xC0_22_0F_7E
    static let cases = 20

    @Test func flipsAndTruncationsAreDetectedAndNothingDamagedIsTagged() async throws {
        let registry = try await RegistryServer.start(.plain)
        defer { registry.stop() }
        let layout = try LayoutOnDisk(layers: 3, layerSize: 1500, seed: 31)
        let scratch = try TestTools.makeTempDirectory("ferry-corruption")
        defer { for directory in [scratch, layout.directory] { try? FileManager.default.removeItem(at: directory) } }
        let good = scratch.appendingPathComponent("good.tar")
        let serialized = try FerryBinary.run(["serialize", "-q", "-b", "4KiB", layout.reference, good.path])
        try #require(serialized.status == 0, "\(serialized.stderr)")
        let data = try Data(contentsOf: good)
        let map = try TarMap(data)
        var random = SplitMix(seed: Self.seed)
        let bad = scratch.appendingPathComponent("bad.tar")
        let run = try ScratchRun(scratch, plainHost: registry.host)

        // Every byte counts, padding and trailer included: each flip and each cut must fail the run.
        for k in 0..<Self.cases {
            var flipped = data
            let offset = Int(random.next() % UInt64(data.count))
            flipped[offset] ^= 1 << UInt8(random.next() % 8)
            try flipped.write(to: bad)
            try Self.deserialize(bad, into: registry, repository: "corrupt/flip\(k)", layout: layout, run: run,
                                 mustFail: true, what: "flip of bit at \(offset) (\(map.region(of: offset)))")
        }
        for k in 0..<Self.cases {
            let cut = 1 + Int(random.next() % UInt64(data.count - 1))
            try data.prefix(cut).write(to: bad)
            try Self.deserialize(bad, into: registry, repository: "corrupt/cut\(k)", layout: layout, run: run,
                                 mustFail: true, what: "truncation at \(cut) of \(data.count) (\(map.region(of: cut)))")
        }
    }

    /// Deserializes `stream` to REGISTRY/repository:v1 and checks the outcome: exit 1 when
    /// `mustFail`, never another failure code, and the tag either absent or on intact content.
    static func deserialize(_ stream: URL, into registry: RegistryServer, repository: String, layout: LayoutOnDisk,
                            run: ScratchRun, mustFail: Bool, what: String) throws {
        let result = try run.ferry(["deserialize", "-q", stream.path, "\(registry.host)/\(repository):v1"])
        #expect(result.status == 1 || (!mustFail && result.status == 0), "\(what): exit \(result.status): \(result.stderr)")
        if result.status != 0 { #expect(result.stderr.contains("error"), "\(what): \(result.stderr)") }
        let manifest = try registry.request("GET", "/v2/\(repository)/manifests/v1",
                                            headers: ["Accept": layout.image.manifest.descriptor.mediaType])
        guard manifest.status != 404 else { return }
        #expect(result.status == 0, "\(what): exit \(result.status), but the tag was set: \(result.stderr)")
        #expect(manifest.status == 200 && manifest.body == layout.image.manifest.bytes, "\(what): tagged manifest differs")
        for blob in layout.image.blobs {
            let got = try registry.request("GET", "/v2/\(repository)/blobs/\(blob.descriptor.digest)")
            #expect(got.status == 200 && Digest.sha256(of: got.body) == blob.descriptor.digest,
                    "\(what): tagged, but blob \(blob.descriptor.digest) is \(got.status) / does not verify")
        }
    }
}

/// Runs ferry with its config, home and cache inside one scratch directory, so a test that
/// runs it many times leaves nothing behind in the temp directory.
struct ScratchRun {
    let config: URL
    let environment: [String: String]

    init(_ scratch: URL, plainHost: String) throws {
        config = scratch.appendingPathComponent("config.yaml")
        let yaml = "apiVersion: config.dt.act3-ace.io/v1alpha1\nkind: Configuration\nregistryConfig:\n  registries:\n" +
            "    \"\(plainHost)\":\n      endpoints: [\"http://\(plainHost)\"]\n"
        try Data(yaml.utf8).write(to: config)
        environment = ["HOME": scratch.appendingPathComponent("home").path, "XDG_CACHE_HOME": scratch.appendingPathComponent("cache").path]
    }

    func ferry(_ arguments: [String]) throws -> TestTools.Result {
        try FerryBinary.run(arguments + ["--config", config.path], environment: environment)
    }
}

/// Where a plain tar stream keeps its headers and its blobs' bytes.
struct TarMap {
    /// Header records, and the data of pax/GNU extension entries (which describe the next entry).
    var headers: [Range<Int>] = []
    /// The data bytes of every `blobs/sha256/...` entry.
    var blobData: [Range<Int>] = []
    /// Where the entries end and the end-of-archive marker begins.
    var endOfEntries = 0

    /// What a byte offset holds, for messages.
    func region(of offset: Int) -> String {
        if headers.contains(where: { $0.contains(offset) }) { return "header" }
        if blobData.contains(where: { $0.contains(offset) }) { return "blob" }
        return offset >= endOfEntries ? "trailer" : "padding or a small file"
    }

    init(_ data: Data) throws {
        let bytes = [UInt8](data)
        var offset = 0
        while offset + 512 <= bytes.count, bytes[offset..<(offset + 512)].contains(where: { $0 != 0 }) {
            let name = String(decoding: bytes[offset..<(offset + 100)].prefix { $0 != 0 }, as: UTF8.self)
            let sizeField = String(decoding: bytes[(offset + 124)..<(offset + 136)].filter { (0x30...0x37).contains($0) }, as: UTF8.self)
            guard let size = Int(sizeField, radix: 8) else { throw TestFailure("tar header at \(offset): size \(sizeField)") }
            let type = bytes[offset + 156]
            let data = (offset + 512)..<(offset + 512 + size)
            headers.append(offset..<(offset + 512))
            if [UInt8(ascii: "x"), UInt8(ascii: "g"), UInt8(ascii: "L"), UInt8(ascii: "K")].contains(type) {
                headers.append(data)
            } else if name.hasPrefix("blobs/sha256/"), size > 0 {
                blobData.append(data)
            }
            offset = data.lowerBound + (size + 511) / 512 * 512
        }
        endOfEntries = offset
    }
}
