@testable import ferry
import Foundation
import Testing
import TestSupport

/// ace-dt command lines as its scripts write them (`ferry mirror gather …`, ace-dt's flags and
/// spellings), run against real registries: each flag has ace-dt's effect. These back the rows of
/// docs/acedt.md for gather, scatter, clone, the batch commands, diff and util prune.
@Suite(.serialized) final class AceDTFlagTests {
    private let scratch: ScratchFiles

    init() throws { scratch = try ScratchFiles("ferry-acedt-cli") }

    private func write(_ text: String, name: String) throws -> String { try scratch.write(text, name: name) }

    /// gather `--index-fallback -a -p -r --no-term -q`; scatter `--check --subset -l`; clone
    /// `--check -l -p --continue`.
    @Test func gatherScatterAndCloneTakeAceDTsFlags() async throws {
        let pair = try await RegistryPair.start()
        defer { pair.stop() }
        let (low, high, hosts) = (pair.low, pair.high, pair.hosts)
        let list = try scratch.labelledSources(on: low, seed: 740, images: [("app", "web"), ("db", "db")])

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
        #expect(high.writes().isEmpty, "\(high.writes())")
        let scattered = try FerryBinary.run(scatter, plainHosts: hosts)
        #expect(scattered.status == 0, "\(scattered.stderr)")
        #expect(try high.has("copy/app", "1"))
        #expect(try !high.has("copy/db", "1"), "-l tier=web leaves db out")
        #expect(try !high.has("copy/multi", "1"), "--subset leaves multi out")

        // clone --check -l -p --continue: a source that fails does not stop the others.
        let withMissing = try write(try String(contentsOfFile: list, encoding: .utf8) + "\(low.host)/missing:1, tier=web\n", name: "clone.list")
        let cloneMap = try write("\(low.host)/,\(high.host)/clone/\n", name: "clone.csv")
        let clone = ["mirror", "clone", "-l", "tier=web", "-plinux/amd64", "--continue=true", withMissing, "first-prefix=\(cloneMap)"]
        let writesBefore = high.writes().count
        let cloneChecked = try FerryBinary.run(clone + ["--check"], plainHosts: hosts)
        #expect(cloneChecked.status == 3, "the missing source fails here too (ace-dt resolves sources in --check): \(cloneChecked.stderr)")
        #expect(cloneChecked.stderr.contains("clone.list:4"), "\(cloneChecked.stderr)")
        #expect(cloneChecked.stdout.contains("\(low.host)/app:1 -> \(high.host)/clone/app:1"), "\(cloneChecked.stdout)")
        #expect(!cloneChecked.stdout.contains("db:1"), "\(cloneChecked.stdout)")
        #expect(high.writes().count == writesBefore, "clone --check writes nothing")
        let cloned = try FerryBinary.run(clone, plainHosts: hosts)
        #expect(cloned.status == 3, "--continue: the others cloned, then a failure exit: \(cloned.stderr)")
        #expect((cloned.stdout + cloned.stderr).contains("\(low.host)/missing:1"), "\(cloned.stdout)\(cloned.stderr)")
        #expect(try high.has("clone/app", "1"))
        let multi = try TestTools.runChecked("skopeo", ["inspect", "--tls-verify=false", "docker://\(high.host)/clone/multi:1"]).stdout
        #expect(multi.contains(#""Architecture": "amd64""#), "-p linux/amd64: \(multi)")
    }

    /// batch-serialize `--tracker-filename --compression --manifest-json`, batch-deserialize
    /// `--sync-filename`, with the UI flags; then diff `-r -o csv`.
    @Test func batchCommandsAndDiffTakeAceDTsFlags() async throws {
        let pair = try await RegistryPair.start()
        defer { pair.stop() }
        let (low, high, hosts) = (pair.low, pair.high, pair.hosts)
        try scratch.gatherApp(on: low, seed: 743, as: "tools:v1", plainHosts: hosts)
        let batch = try write("name, artifact\ntools, \(low.host)/tools:v1\n", name: "batch.csv")
        let sync = scratch.directory.appendingPathComponent("sync")

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
        #expect(try high.has("mirror", "tools"))

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
        let cache = scratch.path("cache")
        for flags in [["--maxsize", "10"], ["-s", "10"]] {
            let pruned = try FerryBinary.run(["util", "prune"] + flags, environment: ["XDG_CACHE_HOME": cache])
            #expect(pruned.status == 0, "\(pruned.stderr)")
            #expect(pruned.stdout.hasPrefix("Cache pruned to maximum size: 10 MiB"), "\(pruned.stdout)")
        }
    }
}
