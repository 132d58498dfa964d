import ClientTestSupport
import Foundation
import OCI
import Registry
import Testing
import TestSupport

/// `ferry clone` as a user runs it: exit codes, dry-run, --compare, --continue.
@Suite(.serialized) struct CloneCommandTests {
    private func write(_ text: String, name: String) throws -> String {
        let file = try TestTools.makeTempDirectory("ferry-clone-cli").appendingPathComponent(name)
        try Data(text.utf8).write(to: file)
        return file.path
    }

    @Test func clonesWithDryRunCheckAndContinue() async throws {
        let source = try await RegistryServer.start(.plain)
        let target = try await RegistryServer.start(.plain)
        defer { source.stop(); target.stop() }
        let hosts = [source.host, target.host]
        let image = try TestImage(layerSizes: [20_000], seed: 610)
        try await image.push(makeClient(hosts: hosts), to: Repository(registry: source.host, name: "team/app"), tag: "1")
        let list = try write("\(source.host)/team/app:1, tier=backend\n\(source.host)/team/gone:1\n", name: "sources.list")
        let map = try write("\(source.host)/,\(target.host)/copy/\n", name: "map.csv")

        let dry = try FerryBinary.run(["clone", "--dry-run", "-l", "tier=backend", list, "first-prefix=\(map)"], plainHosts: hosts)
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout == "\(source.host)/team/app:1 -> \(target.host)/copy/team/app:1\n")
        let stopped = try FerryBinary.run(["clone", list, "first-prefix=\(map)"], plainHosts: hosts)
        #expect(stopped.status == 1)
        #expect(stopped.stderr.contains("\(list):2: \(source.host)/team/gone:1"))
        #expect(try TestTools.run("skopeo", ["inspect", "--raw", "--tls-verify=false", "docker://\(target.host)/copy/team/app:1"]).status != 0)

        let partial = try FerryBinary.run(["clone", "--continue", list, "first-prefix=\(map)"], plainHosts: hosts)
        #expect(partial.status == 3, "\(partial.stderr)")
        #expect(Digest.sha256(of: try skopeoRawManifest("\(target.host)/copy/team/app:1")) == image.manifest.digest)
        let check = try FerryBinary.run(["clone", "--compare", "-l", "tier=backend", list, "first-prefix=\(map)"], plainHosts: hosts)
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.contains("\(target.host)/copy/team/app:1  up-to-date"))
    }

    @Test func badInputIsAUsageError() throws {
        let list = try write("busybox:1.36\n", name: "sources.list")
        let mapper = try FerryBinary.run(["clone", list, "longest-prefix"])
        #expect(mapper.status == 2)
        #expect(mapper.stderr.contains("invalid mapper \"longest-prefix\""))
        let bad = try write("busybox:1.36\nBad/Name:1\n", name: "bad.list")
        let sources = try FerryBinary.run(["clone", bad, "nest=reg.high/x"])
        #expect(sources.status == 2)
        #expect(sources.stderr.contains("\(bad):2:"))
        let selector = try FerryBinary.run(["clone", "-l", "a in (", list, "nest=reg.high/x"])
        #expect(selector.status == 2)
    }
}
