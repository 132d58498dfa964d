import ClientTestSupport
import Foundation
import OCI
import Testing
import TestSupport

/// ace-dt's configuration discovery and environment overrides, seen from the command line.
@Suite(.serialized) final class AceDTConfigTests {
    private let scratch: URL
    private let layout: LayoutOnDisk

    init() throws {
        scratch = try TestTools.makeTempDirectory("ferry-acedt-config")
        layout = try LayoutOnDisk(layers: 1, layerSize: 100, seed: 720)
    }
    deinit {
        try? FileManager.default.removeItem(at: scratch)
        try? FileManager.default.removeItem(at: layout.directory)
    }

    private func config(_ name: String, chunkSize: String) throws -> String {
        let url = scratch.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("apiVersion: config.dt.act3-ace.io/v1alpha1\nkind: Configuration\nchunkSize: \(chunkSize)\n".utf8).write(to: url)
        return url.path
    }

    /// A serialize of a local layout: it reads the configuration and needs nothing else.
    private func serialize(_ flags: [String] = [], environment: [String: String]) throws -> TestTools.Result {
        let out = scratch.appendingPathComponent("out-\(UUID().uuidString).tar").path
        return try FerryBinary.run(["serialize", "-q"] + flags + [layout.reference, out], environment: environment)
    }

    @Test func aceDTConfigListReadsTheFirstFilePresent() throws {
        let good = try config("good.yaml", chunkSize: "1Mi"), bad = try config("bad.yaml", chunkSize: "lots")
        let missing = scratch.appendingPathComponent("missing.yaml").path
        let badFirst = try serialize(environment: ["ACE_DT_CONFIG": "\(missing):\(bad):\(good)"])
        #expect(badFirst.status == 2)
        #expect(badFirst.stderr.contains("\(bad):3"), "\(badFirst.stderr)")
        #expect(try serialize(environment: ["ACE_DT_CONFIG": "\(missing):\(good):\(bad)"]).status == 0)
        #expect(try serialize(environment: ["ACE_DT_CONFIG": bad, "FERRY_CONFIG": good]).status == 0)
        let commandLine = try serialize(["--config", good], environment: ["ACE_DT_CONFIG": bad, "FERRY_CONFIG": bad])
        #expect(commandLine.status == 0, "\(commandLine.stderr)")
    }

    @Test func aceDTsDefaultFileIsReadWhenFerrysIsAbsent() throws {
        let home = scratch.appendingPathComponent("home")
        let aceDT = try config("home/.config/ace/dt/config.yaml", chunkSize: "lots")
        let found = try serialize(environment: ["HOME": home.path])
        #expect(found.status == 2)
        #expect(found.stderr.contains(aceDT), "\(found.stderr)")
        _ = try config("home/.config/ferry/config.yaml", chunkSize: "1Mi")
        #expect(try serialize(environment: ["HOME": home.path]).status == 0)
    }

    @Test func aceDTEnvironmentOverridesApply() async throws {
        let bad = try serialize(environment: ["ACE_DT_CONCURRENT_HTTP": "many"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("$ACE_DT_CONCURRENT_HTTP"), "\(bad.stderr)")

        let source = try await RegistryServer.start(.plain)
        defer { source.stop() }
        try ImageFixture.push(.oci(layers: [LayerSpec(size: 1_000, seed: 721)]), to: source, repository: "app", tag: "1")
        let list = scratch.appendingPathComponent("sources.list")
        try Data("\(source.host)/app:1\n".utf8).write(to: list)
        let aceCache = scratch.appendingPathComponent("ace-cache"), ferryCache = scratch.appendingPathComponent("ferry-cache")
        let archived = try FerryBinary.run(["archive", "-q", list.path, scratch.appendingPathComponent("a.tar").path], plainHosts: [source.host],
                                           environment: ["ACE_DT_CACHE_PATH": aceCache.path])
        #expect(archived.status == 0, "\(archived.stderr)")
        #expect(FileManager.default.fileExists(atPath: aceCache.appendingPathComponent("store/index.json").path))
        let ferryWins = try FerryBinary.run(["archive", "-q", list.path, scratch.appendingPathComponent("b.tar").path], plainHosts: [source.host],
                                            environment: ["ACE_DT_CACHE_PATH": aceCache.path + "-not", "FERRY_CACHE_PATH": ferryCache.path])
        #expect(ferryWins.status == 0, "\(ferryWins.stderr)")
        #expect(FileManager.default.fileExists(atPath: ferryCache.appendingPathComponent("store/index.json").path))
        #expect(!FileManager.default.fileExists(atPath: aceCache.path + "-not"))
    }
}
