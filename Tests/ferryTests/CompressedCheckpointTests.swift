import ClientTestSupport
import Foundation
import OCI
import Registry
import Testing
import TestSupport

/// `serialize --compression … --checkpoint`: the stream is framed at checkpoints, so an
/// interrupted compressed stream resumes to the very bytes of an uninterrupted run, and every
/// reader (gzip -d, zstd -d, bsdtar, ferry itself) takes the framed stream as one.
@Suite struct CompressedCheckpointTests {
    /// One image on a real registry: layers large and small, so frames hold one entry or several.
    static func pushedImage(_ registry: RegistryServer, seed: UInt64) async throws -> (reference: String, image: TestImage) {
        let image = try TestImage(layerSizes: [1_300_000, 40_000, 700_000, 30_000, 1_500_000, 2_000], seed: seed)
        let reference = "\(registry.host)/lib/app:1"
        try await image.push(makeClient(host: registry.host), to: Repository(registry: registry.host, name: "lib/app"), tag: "1")
        return (reference, image)
    }

    static func offsets(_ checkpoint: String) throws -> [Int64] {
        try String(contentsOfFile: checkpoint, encoding: .utf8).split(separator: "\n").map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            let annotations = object?["annotations"] as? [String: String]
            return Int64(annotations?["vnd.act3-ace.data.offset"] ?? "") ?? -1
        }
    }

    @Test(arguments: ["gzip", "zstd"])
    func cutAndResumedCompressedStreamsAreByteIdentical(_ compression: String) async throws {
        let registry = try await RegistryServer.start(.plain)
        defer { registry.stop() }
        let (reference, image) = try await Self.pushedImage(registry, seed: compression == "gzip" ? 41 : 42)
        let dir = try TestTools.makeTempDirectory("ferry-compressed-checkpoint")
        defer { try? FileManager.default.removeItem(at: dir) }
        let whole = dir.appendingPathComponent("whole").path, wholeCheckpoint = dir.appendingPathComponent("whole.jsonl").path
        let flags = ["-q", "-b", "16KiB", "--compression", compression]
        let run = try FerryBinary.run(["serialize", reference, whole, "--checkpoint", wholeCheckpoint] + flags, plainHosts: [registry.host])
        #expect(run.status == 0, "\(run.stderr)")
        let reference0 = try Data(contentsOf: URL(fileURLWithPath: whole))
        let referenceCheckpoint = try Data(contentsOf: URL(fileURLWithPath: wholeCheckpoint))
        let offsets = try Self.offsets(wholeCheckpoint)
        #expect(offsets.count == image.blobs.count + 1)   // the manifest, its config and layers
        // Small entries share a frame (and their lines an offset); a new frame starts at each offset.
        #expect(Set(offsets).count < offsets.count && offsets == offsets.sorted())
        let magic: [UInt8] = compression == "gzip" ? [0x1F, 0x8B] : [0x28, 0xB5, 0x2F, 0xFD]
        for offset in Set(offsets) {
            #expect(Array(reference0[Int(offset)..<(Int(offset) + magic.count)]) == magic, "offset \(offset)")
        }

        // Cut the file a little past a checkpointed offset (and the checkpoint to its lines), resume.
        for lines in [0, 1, 3, offsets.count - 1] {
            let out = dir.appendingPathComponent("cut\(lines)").path, checkpoint = out + ".jsonl"
            let keep = lines == 0 ? 7000 : Int(offsets[lines - 1]) + 7000
            try reference0.prefix(keep).write(to: URL(fileURLWithPath: out))
            let kept = String(decoding: referenceCheckpoint, as: UTF8.self).split(separator: "\n").prefix(lines).map { $0 + "\n" }.joined()
            try Data(kept.utf8).write(to: URL(fileURLWithPath: checkpoint))
            let resumed = try FerryBinary.run(["serialize", reference, out, "--checkpoint", checkpoint, "--resume"] + flags,
                                              plainHosts: [registry.host])
            #expect(resumed.status == 0, "after \(lines) lines: \(resumed.stderr)")
            #expect(FileManager.default.contents(atPath: out) == reference0, "after \(lines) lines: resumed stream differs")
            #expect(FileManager.default.contents(atPath: checkpoint) == referenceCheckpoint, "after \(lines) lines: checkpoint differs")
        }

        // The tools read the framed stream as one; ferry deserializes both runs.
        let listed = try TestTools.run("bash", ["-c", "set -o pipefail; \(compression) -dc < '\(whole)' | bsdtar -tf -"])
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.split(separator: "\n").filter { $0.hasPrefix("blobs/sha256/") && $0.count > 13 }.count == offsets.count)
        // A medium holding the first frame has every entry of it: a new stream leaves their blobs out.
        let rest = dir.appendingPathComponent("rest").path
        let restRun = try FerryBinary.run(["serialize", reference, rest, "--existing-from-checkpoint", "\(wholeCheckpoint):\(offsets[0] + 1)"] + flags,
                                          plainHosts: [registry.host])
        #expect(restRun.status == 0, "\(restRun.stderr)")
        let restListing = try TestTools.run("bash", ["-c", "set -o pipefail; \(compression) -dc < '\(rest)' | bsdtar -tf -"]).stdout
        #expect(!restListing.contains(image.config.descriptor.digest.encoded) && !restListing.contains(image.layers[0].descriptor.digest.encoded))
        #expect(image.layers.dropFirst().allSatisfy { restListing.contains($0.descriptor.digest.encoded) })
        for (index, file) in [whole, dir.appendingPathComponent("cut1").path].enumerated() {
            let target = "\(registry.host)/copy\(index)/app:1"
            let read = try FerryBinary.run(["deserialize", "-q", file, target], plainHosts: [registry.host])
            #expect(read.status == 0, "\(read.stderr)")
            #expect(try skopeoRawManifest(target) == image.manifest.bytes)
        }
    }

    /// A compressed run killed mid-way (SIGKILL) and resumed equals an uninterrupted one.
    @Test func killedCompressedRunsResumeByteIdentical() throws {
        let layout = try LayoutOnDisk(layers: 10, layerSize: 2 << 20, seed: 43)
        let dir = try TestTools.makeTempDirectory("ferry-compressed-kill")
        defer { try? FileManager.default.removeItem(at: dir) }
        let whole = dir.appendingPathComponent("whole.tar.zst").path, checkpoint = dir.appendingPathComponent("whole.jsonl").path
        let flags = ["--compression", "zstd"]
        let uninterrupted = try FerryBinary.run(["serialize", "-q", "-b", "16KiB", layout.reference, whole, "--checkpoint", checkpoint] + flags)
        #expect(uninterrupted.status == 0, "\(uninterrupted.stderr)")
        let reference = try Data(contentsOf: URL(fileURLWithPath: whole))
        let referenceCheckpoint = try Data(contentsOf: URL(fileURLWithPath: checkpoint))
        for lines in [2, 7] {
            try SerializeCommandTests.killAndResume(layout, afterLines: lines, in: dir, reference: reference,
                                                    referenceCheckpoint: referenceCheckpoint, flags: flags)
        }
    }

    /// A checkpoint from another compression (or none) is refused, never resumed into a mix.
    @Test func resumeRefusesAStreamOfAnotherCompression() throws {
        let layout = try LayoutOnDisk(layers: 3, layerSize: 1 << 20, seed: 44)
        let dir = try TestTools.makeTempDirectory("ferry-compressed-mix")
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("s").path, checkpoint = dir.appendingPathComponent("cp").path
        #expect(try FerryBinary.run(["serialize", layout.reference, out, "--checkpoint", checkpoint, "--compression", "gzip"]).status == 0)
        let result = try FerryBinary.run(["serialize", layout.reference, out, "--checkpoint", checkpoint, "--compression", "zstd", "--resume"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("cannot resume"), "\(result.stderr)")
    }
}
