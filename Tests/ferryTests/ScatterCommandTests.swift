import ClientTestSupport
import Foundation
import OCI
import Registry
import Testing
import TestSupport

/// `ferry scatter` as a user runs it: exit codes, dry-run output, messages.
@Suite(.serialized) final class ScatterCommandTests {
    /// This test's files, removed when it ends.
    private let directory: URL

    init() throws { directory = try TestTools.makeTempDirectory("ferry-scatter-cli") }

    deinit { try? FileManager.default.removeItem(at: directory) }

    private func write(_ text: String, name: String = "file") throws -> String {
        let file = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: file)
        return file.path
    }

    @Test func dryRunPrintsTheMappingAndPushesNothingThenScatterPushes() async throws {
        let source = try await RegistryServer.start(.plain)
        let target = try await RegistryServer.start(.plain)
        defer { source.stop(); target.stop() }
        let hosts = [source.host, target.host]
        let image = try TestImage(layerSizes: [10_000], seed: 600)
        try await image.push(makeClient(hosts: hosts), to: Repository(registry: source.host, name: "app"), tag: "1")
        let list = try write("\(source.host)/app:1, team=ops\n\(source.host)/app:1@\(image.manifest.digest)\n")
        let gathered = try FerryBinary.run(["gather", "-q", list, "\(source.host)/gather:sync-1"], plainHosts: hosts)
        #expect(gathered.status == 0, "\(gathered.stderr)")
        let map = try write("\(source.host)/app:1,\(target.host)/high/app:1\n", name: "map.csv")

        let dry = try FerryBinary.run(["scatter", "--dry-run", "\(source.host)/gather:sync-1", "all-prefix=\(map)"], plainHosts: hosts)
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout == "\(source.host)/app:1 -> \(target.host)/high/app:1\n"
                + "\(source.host)/app:1@\(image.manifest.digest) -> \(target.host)/high/app:1@\(image.manifest.digest)\n")
        let json = try FerryBinary.run(["scatter", "--dry-run", "--json", "-l", "team=ops", "\(source.host)/gather:sync-1", "all-prefix=\(map)"],
                                       plainHosts: hosts)
        #expect(json.status == 0, "\(json.stderr)")
        #expect(json.stdout.split(separator: "\n").count == 1)
        #expect(json.stdout.contains(#""event":"map""#) && json.stdout.contains(#""destination":"\#(target.host)/high/app:1""#))
        let check = try FerryBinary.run(["scatter", "--compare", "\(source.host)/gather:sync-1", "all-prefix=\(map)"], plainHosts: hosts)
        #expect(check.status == 1)
        #expect(check.stdout.contains("\(target.host)/high/app:1  missing"))
        #expect(try TestTools.run("skopeo", ["inspect", "--raw", "--tls-verify=false", "docker://\(target.host)/high/app:1"]).status != 0)

        let run = try FerryBinary.run(["scatter", "\(source.host)/gather:sync-1", "all-prefix=\(map)"], plainHosts: hosts)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("scattered 2 image(s) to 2 destination(s)"))
        #expect(Digest.sha256(of: try skopeoRawManifest("\(target.host)/high/app:1")) == image.manifest.digest)
        let again = try FerryBinary.run(["scatter", "--compare", "\(source.host)/gather:sync-1", "all-prefix=\(map)"], plainHosts: hosts)
        #expect(again.status == 0, "\(again.stdout)")
    }

    @Test func badMapperArgumentsAreUsageErrors() throws {
        let bogus = try FerryBinary.run(["scatter", "oci:/tmp/ferry-never-read", "prefix=map.csv"])
        #expect(bogus.status == 2)
        #expect(bogus.stderr.contains("unknown mapper type \"prefix\""))
        let empty = try FerryBinary.run(["scatter", "oci:/tmp/ferry-never-read", "nest="])
        #expect(empty.status == 2)
        #expect(empty.stderr.contains("needs an argument"))
        let map = try write("a/,b/\nbroken\n", name: "map.csv")
        let badFile = try FerryBinary.run(["scatter", "oci:/tmp/ferry-never-read", "longest-prefix=\(map)"])
        #expect(badFile.status == 2)
        #expect(badFile.stderr.contains("\(map):2: expected 2 fields"))
        let emptyDestination = try write("a/,b/\nreg.low/,\n", name: "empty.csv")
        let toHub = try FerryBinary.run(["scatter", "oci:/tmp/ferry-never-read", "longest-prefix=\(emptyDestination)"])
        #expect(toHub.status == 2)
        #expect(toHub.stderr.contains("\(emptyDestination):2: destination is empty"), "\(toHub.stderr)")
        let both = try FerryBinary.run(["scatter", "--dry-run", "--compare", "oci:/tmp/ferry-never-read", "nest=reg.high/x"])
        #expect(both.status == 2)
    }

    @Test func notAGatherResultFails() async throws {
        let registry = try await RegistryServer.start(.plain)
        defer { registry.stop() }
        let image = try TestImage(layerSizes: [100], seed: 601)
        try await image.push(makeClient(hosts: [registry.host]), to: Repository(registry: registry.host, name: "plain"), tag: "1")
        let result = try FerryBinary.run(["scatter", "\(registry.host)/plain:1", "nest=reg.high/x"], plainHosts: [registry.host])
        #expect(result.status == 1)
        #expect(result.stderr.contains("not a gather result"))
    }

    /// A destination pinned to a digest the image does not have is refused by `--dry-run` and by
    /// the run, before anything is pushed.
    @Test func aWronglyPinnedDestinationIsRefusedBeforeAnythingMoves() async throws {
        let source = try await RegistryServer.start(.plain)
        let target = try await RegistryServer.start(.plain)
        defer { source.stop(); target.stop() }
        let hosts = [source.host, target.host]
        let image = try TestImage(layerSizes: [1_000], seed: 602)
        try await image.push(makeClient(hosts: hosts), to: Repository(registry: source.host, name: "app"), tag: "1")
        let list = try write("\(source.host)/app:1\n")
        let gathered = try FerryBinary.run(["gather", "-q", list, "\(source.host)/gather:pin"], plainHosts: hosts)
        #expect(gathered.status == 0, "\(gathered.stderr)")
        let wrong = "sha256:" + String(repeating: "0", count: 64)
        let map = try write("\(image.manifest.digest),\(target.host)/high/app@\(wrong)\n", name: "digests.csv")

        for extra in [["--dry-run"], []] {
            let run = try FerryBinary.run(["scatter"] + extra + ["\(source.host)/gather:pin", "digests=\(map)"], plainHosts: hosts)
            #expect(run.status == 2, "\(extra): \(run.stdout) \(run.stderr)")
            #expect(run.stderr.contains("\(map):1"), "\(run.stderr)")
            #expect(run.stderr.contains("pins \(wrong)") && run.stderr.contains("\(image.manifest.digest)"), "\(run.stderr)")
        }
        #expect(!target.accessLog().contains { $0.method == "PUT" || $0.method == "POST" })
    }
}
