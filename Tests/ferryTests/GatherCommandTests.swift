import ClientTestSupport
import Foundation
import OCI
import Registry
import Testing
import TestSupport

/// `ferry gather` as a user runs it: files, exit codes, output.
@Suite(.serialized) struct GatherCommandTests {
    private func write(_ text: String) throws -> String {
        let file = try TestTools.makeTempDirectory("ferry-sources").appendingPathComponent("sources.list")
        try Data(text.utf8).write(to: file)
        return file.path
    }

    @Test func gathersIntoARegistryAndALayout() async throws {
        let source = try await RegistryServer.start(.plain)
        let target = try await RegistryServer.start(.plain)
        defer { source.stop(); target.stop() }
        let client = makeClient(hosts: [source.host, target.host])
        let image = try TestImage(layerSizes: [100_000], seed: 200)
        try await image.push(client, to: Repository(registry: source.host, name: "app"), tag: "1")
        let list = try write("\(source.host)/app:1, team=ops\n")
        let twice = try write("\(source.host)/app:1\n\(source.host)/app:1, team=ops\n")
        let warned = try FerryBinary.run(["gather", "-q", twice, "\(target.host)/gather:twice"], plainHosts: [source.host, target.host])
        #expect(warned.status == 0, "\(warned.stderr)")
        #expect(warned.stderr.contains("\(twice):2: \(source.host)/app:1 is also on line 1"))

        let result = try FerryBinary.run(["gather", "--json", list, "\(target.host)/gather:sync-1"], plainHosts: [source.host, target.host])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains(#""event":"done""#))
        #expect(result.stdout.contains(#""images":1"#))
        let raw = try skopeoRawManifest("\(target.host)/gather:sync-1")
        #expect(String(decoding: raw, as: UTF8.self).contains(#""data.act3-ace.io/labels":"{\"team\":\"ops\"}""#))

        let layout = try TestTools.makeTempDirectory("ferry-gather-layout").appendingPathComponent("store").path
        let local = try FerryBinary.run(["gather", list, "oci:\(layout):sync-1"], plainHosts: [source.host])
        #expect(local.status == 0, "\(local.stderr)")
        #expect(local.stdout.contains("gathered 1 image(s)"))
        let inspect = try TestTools.run("skopeo", ["inspect", "--raw", "oci:\(layout):sync-1"])
        #expect(inspect.status == 0, "\(inspect.stderr)")
        #expect(inspect.stdoutData == raw)
    }

    @Test func badSourcesListIsAUsageErrorNamingTheLine() throws {
        let list = try write("# ok\nbusybox:1.36\nalpine:3, bad label=x\n")
        let result = try FerryBinary.run(["gather", list, "oci:/tmp/ferry-never-written"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("\(list):3"))
        #expect(!FileManager.default.fileExists(atPath: "/tmp/ferry-never-written"))
        let missing = try FerryBinary.run(["gather", "/nonexistent/sources.list", "oci:/tmp/ferry-never-written"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("/nonexistent/sources.list"))
        let empty = try write("# nothing yet\n")
        let none = try FerryBinary.run(["gather", empty, "oci:/tmp/ferry-never-written"])
        #expect(none.status == 2)
        #expect(none.stderr.contains("\(empty): no images listed"))
        let upper = try write("busybox:1.36\nlocalhost:5000/Team/App:1\n")
        let bad = try FerryBinary.run(["gather", upper, "oci:/tmp/ferry-never-written"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("\(upper):2:"))
        #expect(bad.stderr.contains("lowercase"))
    }

    @Test func continueReportsFailuresWithExitThree() async throws {
        let source = try await RegistryServer.start(.plain)
        defer { source.stop() }
        let client = makeClient(hosts: [source.host])
        let image = try TestImage(layerSizes: [1_000], seed: 201)
        try await image.push(client, to: Repository(registry: source.host, name: "app"), tag: "1")
        let unreachable = "127.0.0.1:\(try TestTools.freePort())"
        let list = try write("\(source.host)/app:1\n\(source.host)/gone:1\n\(unreachable)/down:1\n")
        let layout = try TestTools.makeTempDirectory("ferry-gather-partial").appendingPathComponent("store").path

        let stopped = try FerryBinary.run(["gather", list, "oci:\(layout):x"], plainHosts: [source.host, unreachable])
        #expect(stopped.status == 1)
        #expect(stopped.stderr.contains("\(list):2: "))
        #expect(!FileManager.default.fileExists(atPath: layout))   // the failed run left no empty store
        let partial = try FerryBinary.run(["gather", "--continue", list, "oci:\(layout):x"], plainHosts: [source.host, unreachable])
        #expect(partial.status == 3)
        #expect(partial.stderr.contains("\(list):2: \(source.host)/gone:1"))
        let quiet = try FerryBinary.run(["gather", "--continue", "-q", list, "oci:\(layout):q"], plainHosts: [source.host, unreachable])
        #expect(quiet.status == 3)
        #expect(quiet.stderr.contains("\(list):3: \(unreachable)/down:1"))
        let json = try FerryBinary.run(["gather", "--continue", "--json", list, "oci:\(layout):j"], plainHosts: [source.host, unreachable])
        #expect(json.status == 3)
        let failureLines = json.stdout.split(separator: "\n").filter { $0.contains(#""event":"failure""#) }
        #expect(failureLines.count == 2)
        for line in json.stdout.split(separator: "\n") {
            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil, "not JSON: \(line)")
        }
        #expect(partial.stdout.contains("FAILED    2 source(s)"))
        #expect(partial.stdout.contains("\(list):3: \(unreachable)/down:1"))
        let plan = try FerryBinary.run(["gather", "--dry-run", "--continue", list, "oci:\(layout):y"], plainHosts: [source.host, unreachable])
        #expect(plan.status == 3)
        #expect(plan.stdout.contains("plan: 1 image(s)"))
        #expect(!FileManager.default.fileExists(atPath: layout + "/../y"))
        let fresh = layout + "-dry"
        let dry = try FerryBinary.run(["gather", "--dry-run", "--continue", list, "oci:\(fresh):y"], plainHosts: [source.host, unreachable])
        #expect(dry.status == 3)
        #expect(!FileManager.default.fileExists(atPath: fresh))   // a dry run creates nothing

        // Every source failing writes no index, even with --continue.
        let broken = try write("\(source.host)/gone:1\n")
        let none = try FerryBinary.run(["gather", "--continue", broken, "oci:\(layout):x"], plainHosts: [source.host])
        #expect(none.status == 1)
        #expect(!none.stdout.contains("gathered"))
    }
}
