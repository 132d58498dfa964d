import ClientTestSupport
import Foundation
import OCI
import Registry
import Testing
import TestSupport

/// `serialize --split SIZE` writes DEST.000, DEST.001, … whose concatenation is the unsplit
/// stream; `deserialize DEST.000` reads them on in order, and so does `cat DEST.* | deserialize -`.
@Suite struct SplitVolumeTests {
    static func volumes(_ base: String) -> [Data] {
        (0..<100).lazy.map { base + "." + String(String($0 + 1000).dropFirst()) }
            .prefix { FileManager.default.fileExists(atPath: $0) }
            .compactMap { FileManager.default.contents(atPath: $0) }
    }

    @Test func volumesConcatenateToTheUnsplitStreamAndReadBack() async throws {
        let registry = try await RegistryServer.start(.plain)
        defer { registry.stop() }
        let (reference, image) = try await CompressedCheckpointTests.pushedImage(registry, seed: 51)
        let dir = try TestTools.makeTempDirectory("ferry-split")
        defer { try? FileManager.default.removeItem(at: dir) }
        let whole = dir.appendingPathComponent("whole.tar").path, split = dir.appendingPathComponent("s.tar").path
        let flags = ["-q", "-b", "16KiB"]
        #expect(try FerryBinary.run(["serialize", reference, whole] + flags, plainHosts: [registry.host]).status == 0)
        let result = try FerryBinary.run(["serialize", reference, split, "--split", "512KiB"] + flags, plainHosts: [registry.host])
        #expect(result.status == 0, "\(result.stderr)")
        let parts = Self.volumes(split), unsplit = try #require(FileManager.default.contents(atPath: whole))
        #expect(parts.count == (unsplit.count + (512 << 10) - 1) / (512 << 10) && parts.count > 3)
        #expect(parts.dropLast().allSatisfy { $0.count == 512 << 10 } && parts.last?.count ?? 0 <= 512 << 10)
        #expect(parts.reduce(Data(), +) == unsplit)
        #expect(!FileManager.default.fileExists(atPath: split))

        let read = try FerryBinary.run(["deserialize", "-q", split + ".000", "\(registry.host)/vol/app:1"], plainHosts: [registry.host])
        #expect(read.status == 0, "\(read.stderr)")
        #expect(try skopeoRawManifest("\(registry.host)/vol/app:1") == image.manifest.bytes)
        let config = dir.appendingPathComponent("config.yaml")
        try Data("apiVersion: config.dt.act3-ace.io/v1alpha1\nkind: Configuration\nregistryConfig:\n  registries:\n    \"\(registry.host)\":\n      endpoints: [\"http://\(registry.host)\"]\n".utf8).write(to: config)
        let piped = try TestTools.run("bash", ["-c", "set -o pipefail; cat '\(split)'.* | '\(FerryBinary.path)' deserialize -q --config '\(config.path)' - \(registry.host)/cat/app:1"])
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(try skopeoRawManifest("\(registry.host)/cat/app:1") == image.manifest.bytes)

        // A missing volume is named; with --wait-for-volumes the terminal is asked and the name retried.
        try FileManager.default.moveItem(atPath: split + ".003", toPath: split + ".away")
        let missing = try FerryBinary.run(["deserialize", split + ".000", "oci:\(dir.path)/out:1"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("s.tar.003"), "\(missing.stderr)")
        let waited = try TestTools.run("bash", ["-c", """
            (sleep 2; mv '\(split).away' '\(split).003'; echo) | script -qec "'\(FerryBinary.path)' deserialize -q --wait-for-volumes '\(split).000' 'oci:\(dir.path)/waited:1'" /dev/null
            """])
        #expect(waited.status == 0, "\(waited.stdout) \(waited.stderr)")
        #expect(waited.stdout.contains("insert the volume holding \(split).003 and press Enter"), "\(waited.stdout)")
    }

    /// With a checkpoint, offsets are offsets in the whole stream; resuming cuts the volume
    /// holding the last one, removes later volumes and ends with the same volumes.
    @Test func resumeWorksAcrossVolumes() throws {
        let layout = try LayoutOnDisk(layers: 6, layerSize: 300_000, seed: 52)
        let dir = try TestTools.makeTempDirectory("ferry-split-resume")
        defer { try? FileManager.default.removeItem(at: dir) }
        let whole = dir.appendingPathComponent("whole").path, checkpoint = dir.appendingPathComponent("whole.jsonl").path
        let flags = ["-q", "-b", "16KiB", "--split", "256KiB", "--compression", "gzip"]
        #expect(try FerryBinary.run(["serialize", layout.reference, whole, "--checkpoint", checkpoint] + flags).status == 0)
        let reference = Self.volumes(whole)
        let offsets = try CompressedCheckpointTests.offsets(checkpoint)
        let cut = dir.appendingPathComponent("cut").path, cutCheckpoint = cut + ".jsonl"
        for (index, volume) in reference.enumerated() { try volume.write(to: URL(fileURLWithPath: cut + ".00\(index)")) }
        // Interrupted two volumes past the third line's offset: later volumes are stale.
        let stop = Int(offsets[2]) + (512 << 10)
        for (index, volume) in reference.enumerated() where (index + 1) * (256 << 10) > stop {
            try volume.prefix(max(0, stop - index * (256 << 10))).write(to: URL(fileURLWithPath: cut + ".00\(index)"))
        }
        let lines = try String(contentsOfFile: checkpoint, encoding: .utf8).split(separator: "\n").prefix(3).map { $0 + "\n" }.joined()
        try Data(lines.utf8).write(to: URL(fileURLWithPath: cutCheckpoint))
        let resumed = try FerryBinary.run(["serialize", layout.reference, cut, "--checkpoint", cutCheckpoint, "--resume"] + flags)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(Self.volumes(cut) == reference)
        #expect(FileManager.default.contents(atPath: cutCheckpoint) == FileManager.default.contents(atPath: checkpoint))
    }

    @Test func archiveSplitsAndUnarchiveReadsTheVolumes() async throws {
        let low = try await RegistryServer.start(.plain)
        let high = try await RegistryServer.start(.plain)
        defer { low.stop(); high.stop() }
        let (reference, image) = try await CompressedCheckpointTests.pushedImage(low, seed: 54)
        let work = try TestTools.makeTempDirectory("ferry-archive-split")
        defer { try? FileManager.default.removeItem(at: work) }
        let list = work.appendingPathComponent("sources.list")
        try Data("\(reference)\n".utf8).write(to: list)
        let stream = work.appendingPathComponent("sync.tar").path
        let archived = try FerryBinary.run(["archive", "-q", list.path, stream, "--split", "1MiB", "-b", "64KiB", "--compression", "zstd"],
                                           plainHosts: [low.host], environment: ["XDG_CACHE_HOME": work.appendingPathComponent("low").path])
        #expect(archived.status == 0, "\(archived.stderr)")
        #expect(Self.volumes(stream).count > 2)
        let map = work.appendingPathComponent("map.csv")
        try Data("\(low.host)/,\(high.host)/mirror/\n".utf8).write(to: map)
        let unarchived = try FerryBinary.run(["unarchive", "-q", stream + ".000", "longest-prefix=\(map.path)"],
                                             plainHosts: [high.host], environment: ["XDG_CACHE_HOME": work.appendingPathComponent("high").path])
        #expect(unarchived.status == 0, "\(unarchived.stderr)")
        #expect(try skopeoRawManifest("\(high.host)/mirror/lib/app:1") == image.manifest.bytes)
    }

    @Test func splitUsageErrorsExitTwo() throws {
        let layout = try LayoutOnDisk(layers: 1, layerSize: 100, seed: 53)
        let out = try TestTools.makeTempDirectory("ferry-split-usage").appendingPathComponent("s").path
        let cases: [([String], String)] = [
            ([out, "--split", "1000KiB"], "multiple of the block size"),
            ([out, "--split", "512KiB", "-b", "1MiB"], "at least one block"),
            ([out, "--split", "lots"], "--split"),
            (["/dev/null", "--split", "4MiB"], "regular files"),
        ]
        for (args, named) in cases {
            let result = try FerryBinary.run(["serialize", layout.reference] + args)
            #expect(result.status == 2, "\(args): \(result.status) \(result.stderr)")
            #expect(result.stderr.contains(named), "\(args): \(result.stderr)")
        }
        let piped = try TestTools.run("bash", ["-c", "'\(FerryBinary.path)' serialize \(layout.reference) - --split 4MiB | cat >/dev/null; exit ${PIPESTATUS[0]}"])
        #expect(piped.status == 2, "\(piped.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out + ".000"))
    }
}
