import Foundation
import Testing
import TestSupport

/// ace-dt's serialize, deserialize, archive and unarchive command lines, with ace-dt's flags and
/// their values as ace-dt takes them (go-humanize sizes such as `4mb`, `--block-size 0`), against
/// real registries. These back the rows of docs/acedt.md for those commands.
@Suite(.serialized) final class AceDTStreamFlagTests {
    private let scratch: ScratchFiles

    init() throws { scratch = try ScratchFiles("ferry-acedt-stream") }

    private func path(_ name: String) -> String { scratch.path(name) }

    private func write(_ text: String, name: String) throws -> String { try scratch.write(text, name: name) }

    private func firstBytes(_ file: String, _ count: Int) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: file)).prefix(count))
    }

    private func fileSize(_ file: String) throws -> Int {
        try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int ?? 0
    }

    /// serialize `-b -m --hwm --checkpoint --manifest-json --compression`; deserialize `--strict
    /// --block-size 0`, `--dry-run --block-size N`.
    @Test func serializeAndDeserializeTakeAceDTsFlags() async throws {
        let pair = try await RegistryPair.start()
        defer { pair.stop() }
        let (low, high, hosts) = (pair.low, pair.high, pair.hosts)
        try scratch.gatherApp(on: low, seed: 750, as: "gather:sync-1", plainHosts: hosts)

        let stream = path("sync-1.tar")
        let serialized = try FerryBinary.run(["mirror", "serialize", "-b", "512KiB", "-m", "4mb", "--hwm", "50", "--checkpoint", path("cp.jsonl"),
                                              "--manifest-json", "-r", "--no-term", "-q", "\(low.host)/gather:sync-1", stream], plainHosts: hosts)
        #expect(serialized.status == 0, "\(serialized.stderr)")
        let entries = try TestTools.runChecked("tar", ["-tf", stream]).stdout
        #expect(entries.hasPrefix("oci-layout\n") && entries.contains("manifest.json"), "\(entries)")
        #expect(try !String(contentsOfFile: path("cp.jsonl"), encoding: .utf8).isEmpty)
        let compressed = path("sync-1.tar.zst")
        let zstd = try FerryBinary.run(["mirror", "serialize", "--compression", "zstd", "--buffer-size", "1m", "--block-size", "1mib",
                                        "\(low.host)/gather:sync-1", compressed], plainHosts: hosts)
        #expect(zstd.status == 0, "\(zstd.stderr)")
        #expect(try firstBytes(compressed, 4) == [0x28, 0xB5, 0x2F, 0xFD], "a zstd frame")
        // Differs: ferry's blocks are whole tar records, so 1MB (10^6 bytes) is refused up front.
        let decimal = try FerryBinary.run(["mirror", "serialize", "-b", "1MB", "\(low.host)/gather:sync-1", path("never.tar")], plainHosts: hosts)
        #expect(decimal.status == 2 && decimal.stderr.contains("multiple of 512"), "\(decimal.stderr)")
        #expect(!FileManager.default.fileExists(atPath: path("never.tar")))

        let strict = try FerryBinary.run(["mirror", "deserialize", "--strict=true", "--block-size", "0", "--no-term", "-q",
                                          stream, "\(high.host)/dest:sync-1"], plainHosts: hosts)
        #expect(strict.status == 0, "\(strict.stderr)")
        #expect(try high.has("dest", "sync-1"))
        let dry = try FerryBinary.run(["mirror", "deserialize", "--dry-run", "--block-size", "1048576", compressed, "\(high.host)/dry:sync-1"],
                                      plainHosts: hosts)
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(try !high.has("dry", "sync-1"))
        let writes = high.writes().filter { $0.path.contains("/dry/") }
        #expect(writes.isEmpty, "\(writes)")
    }

    /// archive `--reference -a -p --index-fallback --compression --manifest-json -b -m --hwm`;
    /// unarchive `--check --subset -l --block-size 0 --strict --reference`.
    @Test func archiveAndUnarchiveTakeAceDTsFlags() async throws {
        let pair = try await RegistryPair.start()
        defer { pair.stop() }
        let (low, high, hosts) = (pair.low, pair.high, pair.hosts)
        let list = try scratch.labelledSources(on: low, seed: 751, images: [("db", "db")])
        let lowCache = ["XDG_CACHE_HOME": path("low-cache")]
        let stream = path("sync-3.tar.gz")
        let archived = try FerryBinary.run(["mirror", "archive", "--reference", "sync-3", "-a", "owner=ops", "--index-fallback", "--compression", "gzip", "--manifest-json", "-b", "1MiB", "-m", "8MiB",
                                            "--hwm", "90", "-r", "--no-term", "-q", list, stream], plainHosts: hosts, environment: lowCache)
        #expect(archived.status == 0, "\(archived.stderr)")
        #expect(try firstBytes(stream, 2) == [0x1F, 0x8B], "a gzip stream")
        let stored = try TestTools.runChecked("skopeo", ["inspect", "--raw", "oci:\(path("low-cache"))/ferry/store:sync-3"]).stdout
        #expect(stored.contains(#""owner":"ops""#) && stored.contains("vnd.act3-ace.data.extra-manifests"), "\(stored)")
        let entries = try TestTools.runChecked("tar", ["-tzf", stream]).stdout
        #expect(entries.contains("manifest.json"), "\(entries)")
        let plain = path("sync-3.tar")
        let checkpointed = try FerryBinary.run(["mirror", "archive", "--reference", "sync-4", "-p", "linux/amd64", "-b", "4KiB", "--checkpoint", path("cp.jsonl"), "-q", list, plain],
                                               plainHosts: hosts, environment: lowCache)
        #expect(checkpointed.status == 0, "\(checkpointed.stderr)")
        #expect(try !String(contentsOfFile: path("cp.jsonl"), encoding: .utf8).isEmpty)
        let filtered = try TestTools.runChecked("skopeo", ["inspect", "--raw", "oci:\(path("low-cache"))/ferry/store:sync-4"]).stdout
        #expect(filtered.contains("amd64") && !filtered.contains(#""architecture":"arm64""#), "-p linux/amd64: \(filtered)")
        let size = try fileSize(plain)
        let later = try FerryBinary.run(["mirror", "archive", "--reference", "sync-4", "-p", "linux/amd64", "-b", "4KiB", "--existing-from-checkpoint",
                                         "\(path("cp.jsonl")):\(size)", "-q", list, path("sync-5.tar")], plainHosts: hosts, environment: lowCache)
        #expect(later.status == 0, "\(later.stderr)")
        #expect(try fileSize(path("sync-5.tar")) < size, "the blobs the checkpoint names are left out")

        // The high side's store is where the config's cachePath (ace-dt's key) says.
        let config = try write("apiVersion: config.dt.act3-ace.io/v1alpha1\nkind: Configuration\ncachePath: \(path("high-cache"))\n",
                               name: "high.yaml")
        let subset = try write("\(low.host)/multi:1\n", name: "subset.list")
        let map = try write("\(low.host)/,\(high.host)/mirror/\n", name: "map.csv")
        let unarchive = ["mirror", "unarchive", "--subset", subset, "-l", "tier=web,tier=db", "--block-size", "0", "--strict",
                         "--reference", "sync-3", "--no-term", "--config", config, stream, "longest-prefix=\(map)"]
        let checked = try FerryBinary.run(unarchive + ["--check"], plainHosts: hosts)
        #expect(checked.status == 0, "\(checked.stderr)")
        #expect(checked.stdout.contains("\(low.host)/multi:1 -> \(high.host)/mirror/multi:1"), "\(checked.stdout)")
        #expect(!checked.stdout.contains("db:1 ->"), "--subset leaves db out: \(checked.stdout)")
        #expect(high.writes().isEmpty, "\(high.writes())")
        #expect(!FileManager.default.fileExists(atPath: path("high-cache")), "--check writes no store either")

        // As ace-dt: unarchive's --strict is about the stream; a source no rule maps is skipped, with a warning.
        let partial = try write("\(low.host)/multi,\(high.host)/only/multi\n", name: "partial.csv")
        let unmapped = try FerryBinary.run(["mirror", "unarchive", "--strict", "--check", "--config", config, stream, "longest-prefix=\(partial)"],
                                           plainHosts: hosts)
        #expect(unmapped.status == 0 && unmapped.stderr.contains("\(low.host)/db:1: no destination"), "\(unmapped.stderr)")

        let placed = try FerryBinary.run(unarchive + ["-q"], plainHosts: hosts)
        #expect(placed.status == 0, "\(placed.stderr)")
        #expect(try high.has("mirror/multi", "1"))
        #expect(try !high.has("mirror/db", "1"))
        let local = try TestTools.run("skopeo", ["inspect", "--raw", "oci:\(path("high-cache"))/store:sync-3"])
        #expect(local.status == 0, "--reference tags the set in the local store: \(local.stderr)")
    }
}
