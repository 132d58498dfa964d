import ClientTestSupport
import Foundation
import OCI
import Registry
import Testing
import TestSupport

/// `ferry batch-serialize` / `batch-deserialize` (ace-dt's) between two real registries: numbered
/// streams that leave out what earlier streams of the same name carried, trackers that make
/// reruns skip finished work, and tags named after the streams on the far side.
@Suite struct BatchCommandTests {
    @Test func streamsCarryOnlyWhatIsNewAndLandTaggedByName() async throws {
        let source = try await RegistryServer.start(.plain)
        let target = try await RegistryServer.start(.plain)
        defer { source.stop(); target.stop() }
        let client = makeClient(hosts: [source.host, target.host])
        var layers: [String: String] = [:]
        for (n, name) in ["a", "b", "c", "d"].enumerated() {
            let image = try TestImage(layerSizes: [20_000], seed: 700 + UInt64(n))
            try await image.push(client, to: Repository(registry: source.host, name: name), tag: "1")
            layers[name] = image.layers[0].descriptor.digest.encoded
        }
        let work = try TestTools.makeTempDirectory("ferry-batch")
        let sync = work.appendingPathComponent("sync")
        let hosts = [source.host, target.host]
        func gather(_ names: [String], as reference: String) throws {
            let list = work.appendingPathComponent(UUID().uuidString)
            try Data(names.map { "\(source.host)/\($0):1\n" }.joined().utf8).write(to: list)
            let result = try FerryBinary.run(["gather", "-q", list.path, "\(source.host)/\(reference)"], plainHosts: hosts)
            #expect(result.status == 0, "\(result.stderr)")
        }
        try gather(["a", "b"], as: "tools:v1")
        try gather(["c"], as: "ops:v1")
        let batch = work.appendingPathComponent("batch.csv")
        try Data("name, artifact\ntools, \(source.host)/tools:v1\nops, \(source.host)/ops:v1\n".utf8).write(to: batch)

        let first = try FerryBinary.run(["batch-serialize", "-q", batch.path, sync.path], plainHosts: hosts)
        #expect(first.status == 0, "\(first.stderr)")
        let tracker = sync.appendingPathComponent("record-keeping.csv")
        let rows = try String(contentsOf: tracker, encoding: .utf8).split(separator: "\n")
        #expect(rows.count == 3 && rows[0] == "sync_name,artifact,digest" && rows[1].hasPrefix("000001-tools.tar,\(source.host)/tools:v1,sha256:"),
                "\(rows)")
        let again = try FerryBinary.run(["batch-serialize", batch.path, sync.path], plainHosts: hosts)
        #expect(again.status == 0 && again.stdout.contains("tools: \(source.host)/tools:v1 is already in 000001-tools.tar"), "\(again.stdout)")

        try gather(["a", "b", "d"], as: "tools:v2")
        try Data("name, artifact\ntools, \(source.host)/tools:v1\nops, \(source.host)/ops:v1\ntools, \(source.host)/tools:v2\n".utf8).write(to: batch)
        let second = try FerryBinary.run(["batch-serialize", "-q", batch.path, sync.path], plainHosts: hosts)
        #expect(second.status == 0, "\(second.stderr)")
        let third = try TestTools.runChecked("tar", ["-tf", sync.appendingPathComponent("000003-tools.tar").path]).stdout
        #expect(third.contains(layers["d"] ?? "?") && !third.contains(layers["a"] ?? "?") && !third.contains(layers["b"] ?? "?"),
                "the third stream should carry d's layer only: \(third)")

        try Data("junk".utf8).write(to: sync.appendingPathComponent("notes.txt"))
        let refused = try FerryBinary.run(["batch-deserialize", sync.path, "\(target.host)/mirror"], plainHosts: hosts)
        #expect(refused.status == 1 && refused.stderr.contains("notes.txt"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: sync.appendingPathComponent("successful-syncs.csv").path))
        try FileManager.default.removeItem(at: sync.appendingPathComponent("notes.txt"))

        let landed = try FerryBinary.run(["batch-deserialize", "-q", sync.path, "\(target.host)/mirror"], plainHosts: hosts)
        #expect(landed.status == 0, "\(landed.stderr)")
        let v2 = try skopeoRawManifest("\(source.host)/tools:v2")
        #expect(try skopeoRawManifest("\(target.host)/mirror:tools") == v2)
        #expect(try skopeoRawManifest("\(target.host)/mirror:ops") == (try skopeoRawManifest("\(source.host)/ops:v1")))
        let record = try String(contentsOf: sync.appendingPathComponent("successful-syncs.csv"), encoding: .utf8).split(separator: "\n")
        #expect(record.count == 4 && record[0] == "filename,artifact,timestamp" && record[3].hasPrefix("000003-tools.tar,\(target.host)/mirror:tools,"),
                "\(record)")
        let rerun = try FerryBinary.run(["batch-deserialize", sync.path, "\(target.host)/mirror"], plainHosts: hosts)
        #expect(rerun.status == 0 && rerun.stdout.isEmpty, "a rerun pushed again: \(rerun.stdout)")
        let tagged = try FerryBinary.run(["batch-deserialize", sync.path, "\(target.host)/mirror:x"], plainHosts: hosts)
        #expect(tagged.status == 2, "\(tagged.stderr)")
    }
}
