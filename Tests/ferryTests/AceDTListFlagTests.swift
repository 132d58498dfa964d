import ClientTestSupport
import Foundation
import OCI
import Registry
import Testing
import TestSupport

/// ace-dt's list and map flags (`-p`, `-a`, `-l`, `--existing-from-checkpoint`) split their values
/// as pflag does; an ace-dt script gives ferry the same lists.
@Suite(.serialized) final class AceDTListFlagTests {
    private let scratch: ScratchFiles

    init() throws { scratch = try ScratchFiles("ferry-acedt-flags") }

    private func write(_ text: String, name: String) throws -> String { try scratch.write(text, name: name) }

    private func gatheredIndex(_ list: String, _ flags: [String], plainHosts: [String]) throws -> String {
        let layout = scratch.directory.appendingPathComponent("store-\(UUID().uuidString)").path
        let result = try FerryBinary.run(["gather", "-q"] + flags + [list, "oci:\(layout):sync"], plainHosts: plainHosts)
        #expect(result.status == 0, "\(flags): \(result.stderr)")
        let raw = try TestTools.run("skopeo", ["inspect", "--raw", "oci:\(layout):sync"])
        #expect(raw.status == 0, "\(raw.stderr)")
        return raw.stdout
    }

    /// `-p a,b` is two platforms and `-a k1=v1,k2=v2` two annotations, exactly as the flags
    /// repeated; `-a k=v1,v2` is one annotation whose value keeps its comma.
    @Test func platformsAndAnnotationsSplitAsAceDT() async throws {
        let source = try await RegistryServer.start(.plain)
        defer { source.stop() }
        try ImageFixture.push(.multiArch(seed: 710), to: source, repository: "multi", tag: "1")
        let list = try write("\(source.host)/multi:1\n", name: "sources.list")
        let hosts = [source.host]

        let comma = try gatheredIndex(list, ["-p", "linux/amd64, linux/arm64/v8", "-a", "k1=v1,k2=v2", "-a", "k3=v3,v4"], plainHosts: hosts)
        let repeated = try gatheredIndex(list, ["--platforms", "linux/amd64", "--platform", "linux/arm64/v8",
                                                "-a", "k1=v1", "--annotations", "k2=v2", "-a", "k3=v3,v4"], plainHosts: hosts)
        let one = try gatheredIndex(list, ["-p", "linux/amd64", "-a", "k1=v1,k2=v2", "-a", "k3=v3,v4"], plainHosts: hosts)
        #expect(comma == repeated)
        #expect(comma != one)
        for pair in [#""k1":"v1""#, #""k2":"v2""#, #""k3":"v3,v4""#] { #expect(comma.contains(pair), "\(pair) in \(comma)") }

        let bad = try FerryBinary.run(["gather", "-a", "k1=v1,k2=v2,oops", list, "oci:/nonexistent/x"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("\"oops\" must be key=value"), "\(bad.stderr)")
    }

    /// `-l a,b` is two selectors, either may match; `in (a,b)` keeps its comma; a quoted value is
    /// one selector whose requirements must all hold.
    @Test func selectorListsOrLikeAceDT() async throws {
        let source = try await RegistryServer.start(.plain)
        defer { source.stop() }
        let client = makeClient(hosts: [source.host])
        let image = try TestImage(layerSizes: [2_000], seed: 711)
        for name in ["app", "db", "cache"] { try await image.push(client, to: Repository(registry: source.host, name: name), tag: "1") }
        let map = try write("\(source.host)/,\(source.host)/copy/\n", name: "map.csv")
        let list = try write("""
            \(source.host)/app:1, tier=web, team=ops
            \(source.host)/db:1, tier=db
            \(source.host)/cache:1, tier=cache

            """, name: "sources.list")
        func planned(_ selector: [String]) throws -> [String] {
            let result = try FerryBinary.run(["clone", "--dry-run"] + selector + [list, "first-prefix=\(map)"], plainHosts: [source.host])
            #expect(result.status == 0, "\(selector): \(result.stderr)")
            return result.stdout.split(separator: "\n").map { String($0.split(separator: " ")[0]) }.sorted()
        }
        let webAndDB = ["\(source.host)/app:1", "\(source.host)/db:1"]
        #expect(try planned(["-l", "tier=web,tier=db"]) == webAndDB)
        #expect(try planned(["-l", "tier=web", "--selector", "tier=db"]) == webAndDB)
        #expect(try planned(["-l", "tier in (web,db)"]) == webAndDB)
        #expect(try planned(["-l", "tier in (web,db),tier=cache"]).count == 3)
        #expect(try planned(["-l", #""tier=web,team=ops""#]) == ["\(source.host)/app:1"])
        #expect(try planned(["-l", #""tier=db,team=ops""#]).isEmpty)
    }

    /// `--existing-from-checkpoint a:N,b:M` is two checkpoints, as the flag given twice.
    @Test func existingCheckpointListSplitsAsAceDT() throws {
        let first = try LayoutOnDisk(layers: 2, layerSize: 30_000, seed: 712)
        let second = try LayoutOnDisk(layers: 1, layerSize: 30_000, seed: 713)
        defer { for layout in [first, second] { try? FileManager.default.removeItem(at: layout.directory) } }
        func path(_ name: String) -> String { scratch.directory.appendingPathComponent(name).path }
        for (layout, name) in [(first, "a"), (second, "b")] {
            let result = try FerryBinary.run(["serialize", "-q", "-b", "4KiB", "--checkpoint", path("\(name).jsonl"), layout.reference, path("\(name).tar")])
            #expect(result.status == 0, "\(result.stderr)")
        }
        let offsets = try ["a", "b"].map { name in
            "\(path("\(name).jsonl")):\(try FileManager.default.attributesOfItem(atPath: path("\(name).tar"))[.size] as? Int ?? 0)"
        }
        let comma = try FerryBinary.run(["serialize", "-q", "-b", "4KiB", "--existing-from-checkpoint", offsets.joined(separator: ", "),
                                         first.reference, path("comma.tar")])
        #expect(comma.status == 0, "\(comma.stderr)")
        let twice = try FerryBinary.run(["serialize", "-q", "-b", "4KiB", "--existing-from-checkpoint", offsets[0], "--existing-from-checkpoint", offsets[1],
                                         first.reference, path("twice.tar")])
        #expect(twice.status == 0, "\(twice.stderr)")
        let commaBytes = try Data(contentsOf: URL(fileURLWithPath: path("comma.tar")))
        #expect(commaBytes == (try Data(contentsOf: URL(fileURLWithPath: path("twice.tar")))))
        #expect(commaBytes.count < (try Data(contentsOf: URL(fileURLWithPath: path("a.tar")))).count)

        let missing = try FerryBinary.run(["serialize", "--existing-from-checkpoint", "\(offsets[0]),\(path("none.jsonl")):5",
                                           first.reference, path("missing.tar")])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("cannot read \(path("none.jsonl"))"), "\(missing.stderr)")
    }
}
