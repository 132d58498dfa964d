import ClientTestSupport
import Foundation
import OCI
import Registry
import Testing
import TestSupport

/// `ferry diff` (ace-dt's `mirror diff`) on gathers in a real registry and in a layout.
@Suite struct DiffCommandTests {
    @Test func listsWhatANewerGatherAddsInEveryFormat() async throws {
        let registry = try await RegistryServer.start(.plain)
        defer { registry.stop() }
        let client = makeClient(host: registry.host)
        var digests: [String: String] = [:]
        for name in ["alpha", "beta", "gamma"] {
            let image = try TestImage(layerSizes: [3000], seed: 600 + UInt64(digests.count))
            try await image.push(client, to: Repository(registry: registry.host, name: name), tag: "1")
            digests[name] = image.manifest.descriptor.digest.description
        }
        let work = try TestTools.makeTempDirectory("ferry-diff")
        func ferry(_ arguments: [String]) throws -> TestTools.Result {
            try FerryBinary.run(arguments, plainHosts: [registry.host])
        }
        func gather(_ names: [String], as tag: String) throws {
            let list = work.appendingPathComponent("\(tag).list")
            try Data(names.map { "\(registry.host)/\($0.contains(":") ? $0 : $0 + ":1")\n" }.joined().utf8).write(to: list)
            let result = try ferry(["gather", "-q", list.path, "\(registry.host)/data:\(tag)"])
            #expect(result.status == 0, "\(result.stderr)")
        }
        try gather(["alpha", "beta"], as: "sync-44")
        try gather(["gamma", "alpha", "beta"], as: "sync-45")

        let all = try ferry(["diff", "\(registry.host)/data:sync-45"])
        #expect(all.status == 0, "\(all.stderr)")
        let ref = { (name: String) in "\(registry.host)/\(name):1" }
        let width = ref("alpha").count
        let dashes = String(repeating: "-", count: width) + " |" + String(repeating: "-", count: 71)
        let row = { (name: String) in ref(name).padding(toLength: width, withPad: " ", startingAt: 0) + " |" + (digests[name] ?? "") }
        let csvRow = { (name: String) in ref(name) + "," + (digests[name] ?? "") }
        let header = "reference" + String(repeating: " ", count: width - 8) + "|digest"
        #expect(all.stdout == [dashes, header, dashes, row("alpha"), dashes, row("beta"), dashes, row("gamma"), "", ""].joined(separator: "\n"),
                "\(all.stdout)")

        let csvFile = work.appendingPathComponent("out.csv")
        try Data(String(repeating: "stale\n", count: 100).utf8).write(to: csvFile)
        let added = try ferry(["diff", "\(registry.host)/data:sync-45", "\(registry.host)/data:sync-44", "-o", "json,csv=\(csvFile.path)"])
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout == "[{\"digest\":\"\(digests["gamma"] ?? "")\",\"reference\":\"\(ref("gamma"))\"}]\n")
        #expect(try String(contentsOf: csvFile, encoding: .utf8) == "reference,digest\n\(ref("gamma")),\(digests["gamma"] ?? "")\n")

        let nothing = try ferry(["diff", "\(registry.host)/data:sync-44", "\(registry.host)/data:sync-45"])
        #expect(nothing.status == 0 && nothing.stdout == "No artifacts found for \(registry.host)/data:sync-44\n", "\(nothing.stdout)")

        // A gather of a gather: listed as one entry, or opened with --expand.
        try gather(["data:sync-44"], as: "outer")
        let outer = try ferry(["diff", "\(registry.host)/data:outer", "-o", "csv"])
        #expect(outer.stdout.split(separator: "\n").count == 2, "\(outer.stdout)")
        let expanded = try ferry(["diff", "\(registry.host)/data:outer", "--expand", "-o", "csv"])
        #expect(expanded.stdout == "reference,digest\n\(csvRow("alpha"))\n\(csvRow("beta"))\n",
                "\(expanded.stdout)")

        let plain = try ferry(["diff", "\(registry.host)/alpha:1"])
        #expect(plain.status == 1 && plain.stderr.contains("not a gather artifact"), "\(plain.stderr)")
        let badFormat = try ferry(["diff", "\(registry.host)/data:sync-45", "-o", "yaml"])
        #expect(badFormat.status == 2 && badFormat.stderr.contains("unknown format \"yaml\""), "\(badFormat.stderr)")
    }
}
