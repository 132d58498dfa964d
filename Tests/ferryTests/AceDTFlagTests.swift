@testable import ferry
import Foundation
import Testing
import TestSupport

/// ace-dt command lines as its scripts write them (`ferry mirror gather …`, ace-dt's flags and
/// spellings), run against real registries: each flag has ace-dt's effect. These back the rows of
/// docs/acedt.md for gather, scatter, clone, the batch commands, diff and util prune.
@Suite(.serialized) final class AceDTFlagTests {
    private let scratch: URL

    init() throws { scratch = try TestTools.makeTempDirectory("ferry-acedt-cli") }
    deinit { try? FileManager.default.removeItem(at: scratch) }

    private func write(_ text: String, name: String) throws -> String {
        let file = scratch.appendingPathComponent(name)
        try Data(text.utf8).write(to: file)
        return file.path
    }

    /// The requests that changed something on `registry` (ace-dt's `--check` writes nothing).
    private func writes(_ registry: RegistryServer) -> [LoggedRequest] {
        registry.accessLog().filter { $0.method != "GET" && $0.method != "HEAD" }
    }

    private func has(_ registry: RegistryServer, _ repository: String, _ tag: String) throws -> Bool {
        try ImageFixture.inspectRaw(registry, repository: repository, reference: tag) != nil
    }

    /// gather `--index-fallback -a -p -r --no-term -q`; scatter `--check --subset -l`; clone
    /// `--check -l -p --continue`.
    @Test func gatherScatterAndCloneTakeAceDTsFlags() async throws {
        let low = try await RegistryServer.start(.plain)
        let high = try await RegistryServer.start(.plain)
        defer { low.stop(); high.stop() }
        let hosts = [low.host, high.host]
        try ImageFixture.push(.multiArch(seed: 740), to: low, repository: "multi", tag: "1")
        try ImageFixture.push(.oci(layers: [LayerSpec(size: 2_000, seed: 741)]), to: low, repository: "app", tag: "1")
        try ImageFixture.push(.oci(layers: [LayerSpec(size: 2_000, seed: 742)]), to: low, repository: "db", tag: "1")
        let list = try write("\(low.host)/multi:1, tier=web\n\(low.host)/app:1, tier=web\n\(low.host)/db:1, tier=db\n",
                             name: "sources.list")

        let gathered = try FerryBinary.run(["mirror", "gather", "--index-fallback", "-a", "owner=ops", "-r", "--no-term", "-q", list, "\(low.host)/gather:sync-1"], plainHosts: hosts)
        #expect(gathered.status == 0, "\(gathered.stderr)")
        #expect(gathered.stdout.isEmpty, "-q: \(gathered.stdout)")
        let index = String(decoding: try ImageFixture.inspectRaw(low, repository: "gather", reference: "sync-1") ?? Data(), as: UTF8.self)
        #expect(index.contains(#""owner":"ops""#), "\(index)")
        #expect(index.contains("vnd.act3-ace.data.extra-manifests"), "--index-fallback: \(index)")

        // scatter --check: ace-dt's dry run; the mapping printed, no destination written, exit 0.
        let subset = try write("\(low.host)/app:1\n\(low.host)/db:1\n", name: "subset.list")
        let copyMap = try write("\(low.host)/,\(high.host)/copy/\n", name: "copy.csv")
        let scatter = ["mirror", "scatter", "--subset", subset, "-l", "tier=web", "\(low.host)/gather:sync-1", "first-prefix=\(copyMap)"]
        let checked = try FerryBinary.run(scatter + ["--check"], plainHosts: hosts)
        #expect(checked.status == 0, "\(checked.stderr)")
        #expect(checked.stdout == "\(low.host)/app:1 -> \(high.host)/copy/app:1\n", "\(checked.stdout)")
        #expect(writes(high).isEmpty, "\(writes(high))")
        let scattered = try FerryBinary.run(scatter, plainHosts: hosts)
        #expect(scattered.status == 0, "\(scattered.stderr)")
        #expect(try has(high, "copy/app", "1"))
        #expect(try !has(high, "copy/db", "1"), "-l tier=web leaves db out")
        #expect(try !has(high, "copy/multi", "1"), "--subset leaves multi out")

        // clone --check -l -p --continue: a source that fails does not stop the others.
        let withMissing = try write(try String(contentsOfFile: list, encoding: .utf8) + "\(low.host)/missing:1, tier=web\n", name: "clone.list")
        let cloneMap = try write("\(low.host)/,\(high.host)/clone/\n", name: "clone.csv")
        let clone = ["mirror", "clone", "-l", "tier=web", "-plinux/amd64", "--continue=true", withMissing, "first-prefix=\(cloneMap)"]
        let writesBefore = writes(high).count
        let cloneChecked = try FerryBinary.run(clone + ["--check"], plainHosts: hosts)
        #expect(cloneChecked.status == 3, "the missing source fails here too (ace-dt resolves sources in --check): \(cloneChecked.stderr)")
        #expect(cloneChecked.stderr.contains("clone.list:4"), "\(cloneChecked.stderr)")
        #expect(cloneChecked.stdout.contains("\(low.host)/app:1 -> \(high.host)/clone/app:1"), "\(cloneChecked.stdout)")
        #expect(!cloneChecked.stdout.contains("db:1"), "\(cloneChecked.stdout)")
        #expect(writes(high).count == writesBefore, "clone --check writes nothing")
        let cloned = try FerryBinary.run(clone, plainHosts: hosts)
        #expect(cloned.status == 3, "--continue: the others cloned, then a failure exit: \(cloned.stderr)")
        #expect((cloned.stdout + cloned.stderr).contains("\(low.host)/missing:1"), "\(cloned.stdout)\(cloned.stderr)")
        #expect(try has(high, "clone/app", "1"))
        let multi = try TestTools.runChecked("skopeo", ["inspect", "--tls-verify=false", "docker://\(high.host)/clone/multi:1"]).stdout
        #expect(multi.contains(#""Architecture": "amd64""#), "-p linux/amd64: \(multi)")
    }

    /// batch-serialize `--tracker-filename --compression --manifest-json`, batch-deserialize
    /// `--sync-filename`, with the UI flags; then diff `-r -o csv`.
    @Test func batchCommandsAndDiffTakeAceDTsFlags() async throws {
        let low = try await RegistryServer.start(.plain)
        let high = try await RegistryServer.start(.plain)
        defer { low.stop(); high.stop() }
        let hosts = [low.host, high.host]
        try ImageFixture.push(.oci(layers: [LayerSpec(size: 3_000, seed: 743)]), to: low, repository: "app", tag: "1")
        let list = try write("\(low.host)/app:1\n", name: "sources.list")
        let gathered = try FerryBinary.run(["mirror", "gather", "-q", list, "\(low.host)/tools:v1"], plainHosts: hosts)
        #expect(gathered.status == 0, "\(gathered.stderr)")
        let batch = try write("name, artifact\ntools, \(low.host)/tools:v1\n", name: "batch.csv")
        let sync = scratch.appendingPathComponent("sync")

        let serialized = try FerryBinary.run(["mirror", "batch-serialize", "--tracker-filename", "tracker.csv", "--compression", "gzip",
                                              "--manifest-json", "-r", "--no-term", "-q", batch, sync.path], plainHosts: hosts)
        #expect(serialized.status == 0, "\(serialized.stderr)")
        let tracker = try String(contentsOf: sync.appendingPathComponent("tracker.csv"), encoding: .utf8)
        #expect(tracker.hasPrefix("sync_name,artifact,digest\n000001-tools.tar.gz,"), "\(tracker)")
        #expect(!FileManager.default.fileExists(atPath: sync.appendingPathComponent("record-keeping.csv").path))
        let entries = try TestTools.runChecked("tar", ["-tzf", sync.appendingPathComponent("000001-tools.tar.gz").path]).stdout
        #expect(entries.contains("manifest.json"), "\(entries)")

        let landed = try FerryBinary.run(["mirror", "batch-deserialize", "--sync-filename", "done.csv", "-r", "--no-term", "-q",
                                          sync.path, "\(high.host)/mirror"], plainHosts: hosts)
        #expect(landed.status == 0, "\(landed.stderr)")
        let done = try String(contentsOf: sync.appendingPathComponent("done.csv"), encoding: .utf8)
        #expect(done.hasPrefix("filename,artifact,timestamp\n000001-tools.tar.gz,\(high.host)/mirror:tools,"), "\(done)")
        #expect(try has(high, "mirror", "tools"))

        let diff = try FerryBinary.run(["mirror", "diff", "-r", "-o", "csv", "\(high.host)/mirror:tools"], plainHosts: hosts)
        #expect(diff.status == 0, "\(diff.stderr)")
        #expect(diff.stdout.contains("\(low.host)/app:1"), "\(diff.stdout)")
    }

    /// pflag's spellings: `--flag=BOOL`, `-pVALUE`, `-p=VALUE`, `-r=false`; nothing after `--`.
    @Test func pflagSpellingsAreRewritten() {
        #expect(AceDTSpelling.rewritten(["--strict=true", "--dry-run=false", "--check=1", "-plinux/amd64", "-p=linux/arm64", "-ak=v",
                                         "-r=false", "-q=t", "-vv", "-qr", "-v=info", "--reference=sync-1", "--strict=maybe", "--", "-pX"])
                == ["--strict", "--check", "-p", "linux/amd64", "-p", "linux/arm64", "-a", "k=v",
                    "-q", "-vv", "-qr", "-v=info", "--reference=sync-1", "--strict=maybe", "--", "-pX"])
    }

    /// `ace-dt util prune --maxsize N` / `-s N`: MiB, ace-dt's line; `-h` on a mirror command.
    @Test func utilPruneTakesMaxsizeAndHelpIsThere() throws {
        let help = try FerryBinary.run(["mirror", "gather", "-h"])
        #expect(help.status == 0 && help.stdout.contains("USAGE: ferry gather"), "\(help.stdout)\(help.stderr)")
        let cache = scratch.appendingPathComponent("cache").path
        for flags in [["--maxsize", "10"], ["-s", "10"]] {
            let pruned = try FerryBinary.run(["util", "prune"] + flags, environment: ["XDG_CACHE_HOME": cache])
            #expect(pruned.status == 0, "\(pruned.stderr)")
            #expect(pruned.stdout.hasPrefix("Cache pruned to maximum size: 10 MiB"), "\(pruned.stdout)")
        }
    }
}
