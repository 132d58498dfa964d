import ClientTestSupport
import Foundation
import OCI
import Testing
import TestSupport

@Suite struct DeserializeCommandTests {
    static func stream(_ layout: LayoutOnDisk, flags: [String] = []) throws -> String {
        let out = try TestTools.makeTempDirectory("ferry-deserialize").appendingPathComponent("s.tar").path
        let result = try FerryBinary.run(["serialize", "-q", "-b", "4KiB", layout.reference, out] + flags)
        guard result.status == 0 else { throw TestFailure("serialize: \(result.stderr)") }
        return out
    }

    @Test func usageErrorsExitTwo() throws {
        for (args, named) in [(["/dev/null", "oci:/tmp/x:1", "-b", "huge"], "--block-size"),
                              (["/dev/null", "UPPER/Case:1"], "UPPER"), (["/dev/null"], "<image>")] {
            let result = try FerryBinary.run(["deserialize"] + args)
            #expect(result.status == 2, "\(args): exit \(result.status): \(result.stderr)")
            #expect(result.stderr.contains(named), "\(args): \(result.stderr)")
        }
    }

    @Test func intoALayoutThenSkopeoAndUmociReadIt() throws {
        let layout = try LayoutOnDisk(layers: 2, layerSize: 5000, seed: 11)
        let stream = try Self.stream(layout)
        let target = try TestTools.makeTempDirectory("ferry-deserialize-layout").appendingPathComponent("copy").path
        let result = try FerryBinary.run(["deserialize", stream, "oci:\(target):copy"])
        #expect(result.status == 0, "\(result.stderr)")
        let raw = try TestTools.run("skopeo", ["inspect", "--raw", "oci:\(target):copy"])
        #expect(raw.stdoutData == layout.image.manifest.bytes)
        let tags = try TestTools.run("umoci", ["ls", "--layout", target])
        #expect(tags.status == 0, "\(tags.stderr)")
        #expect(tags.stdout.contains("copy"))
        let again = try FerryBinary.run(["deserialize", stream, "oci:\(target):copy"])
        #expect(again.status == 0, "\(again.stderr)")
    }

    @Test func skopeoReadsTheStreamAsAnOCIArchive() throws {
        let layout = try LayoutOnDisk(layers: 1, layerSize: 3000, seed: 12)
        let stream = try Self.stream(layout)
        let copy = try TestTools.makeTempDirectory("ferry-skopeo-copy").appendingPathComponent("layout").path
        let result = try TestTools.run("skopeo", ["copy", "oci-archive:\(stream):v1", "oci:\(copy):v1"])
        #expect(result.status == 0, "\(result.stderr)")
        // skopeo recompresses the random "gzip" layers on copy; the archive itself reads back exactly.
        let raw = try TestTools.run("skopeo", ["inspect", "--raw", "oci-archive:\(stream):v1"])
        #expect(raw.stdoutData == layout.image.manifest.bytes, "\(raw.stderr)")
    }

    @Test func pipelineThroughStdoutAndStdinIntoARegistry() async throws {
        let registry = try await RegistryServer.start(.plain)
        defer { registry.stop() }
        let layout = try LayoutOnDisk(layers: 2, layerSize: 50_000, seed: 13)
        let config = try TestTools.makeTempDirectory("ferry-pipe").appendingPathComponent("config.yaml")
        try Data("apiVersion: config.dt.act3-ace.io/v1alpha1\nkind: Configuration\nregistryConfig:\n  registries:\n    \"\(registry.host)\":\n      endpoints: [\"http://\(registry.host)\"]\n".utf8).write(to: config)
        let ferry = FerryBinary.path
        let pipeline = "set -o pipefail; '\(ferry)' serialize -q \(layout.reference) - | '\(ferry)' deserialize --config '\(config.path)' - \(registry.host)/piped/app:v1"
        let result = try TestTools.run("bash", ["-c", pipeline])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try skopeoRawManifest("\(registry.host)/piped/app:v1") == layout.image.manifest.bytes)
    }

    @Test func corruptAndTruncatedStreamsExitOne() throws {
        let layout = try LayoutOnDisk(layers: 2, layerSize: 5000, seed: 14)
        var data = try Data(contentsOf: URL(fileURLWithPath: try Self.stream(layout)))
        let dir = try TestTools.makeTempDirectory("ferry-bad-streams")
        let cut = dir.appendingPathComponent("cut.tar")
        try data.prefix(data.count / 3).write(to: cut)
        let at = try #require(data.range(of: layout.image.layers[1].data.prefix(32))).lowerBound
        data[at] ^= 0x55
        let corrupt = dir.appendingPathComponent("corrupt.tar")
        try data.write(to: corrupt)
        for (file, words) in [(cut, "missing"), (corrupt, "1 blob corrupt")] {
            let target = dir.appendingPathComponent("t-\(file.lastPathComponent)").path
            let result = try FerryBinary.run(["deserialize", file.path, "oci:\(target):v1"])
            #expect(result.status == 1, "\(file.lastPathComponent): \(result.stderr)")
            #expect(result.stderr.contains(words), "\(result.stderr)")
            #expect(try TestTools.run("skopeo", ["inspect", "--raw", "oci:\(target):v1"]).status != 0)
        }
        let dry = try FerryBinary.run(["deserialize", "--dry-run", try Self.stream(layout), "oci:\(dir.path)/never:v1"])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "\(dir.path)/never/index.json"))
    }
}
