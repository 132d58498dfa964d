import ClientTestSupport
import Foundation
import OCI
import Registry
import Testing
import TestSupport

/// `ferry archive` then `ferry unarchive`: low registry → stream file → high registry, with no
/// registry in the middle, each side with its own local store.
@Suite struct ArchiveCommandTests {
    @Test func archiveThenUnarchiveDeliversEveryImage() async throws {
        let low = try await RegistryServer.start(.plain)
        let high = try await RegistryServer.start(.plain)
        defer { low.stop(); high.stop() }
        let client = makeClient(hosts: [low.host, high.host])
        let base = try TestImage(layerSizes: [300_000], seed: 410)
        let app = try TestImage(layerSizes: [200_000], seed: 411, baseLayers: base.layers)
        try await base.push(client, to: Repository(registry: low.host, name: "lib/base"), tag: "1")
        try await app.push(client, to: Repository(registry: low.host, name: "team/app"), tag: "2")
        let work = try TestTools.makeTempDirectory("ferry-archive")
        defer { try? FileManager.default.removeItem(at: work) }
        let list = work.appendingPathComponent("sources.list")
        try Data("\(low.host)/lib/base:1\n\(low.host)/team/app:2, tier=web\n".utf8).write(to: list)
        let stream = work.appendingPathComponent("sync.tar").path

        let lowCache = ["XDG_CACHE_HOME": work.appendingPathComponent("low-cache").path]
        let archived = try FerryBinary.run(["archive", list.path, stream, "--reference", "sync-1"], plainHosts: [low.host], environment: lowCache)
        #expect(archived.status == 0, "\(archived.stderr)")
        #expect(archived.stdout.contains("serialized 2 images"))
        // A rerun reuses the store: the same stream again, byte for byte.
        let again = work.appendingPathComponent("again.tar").path
        let rerun = try FerryBinary.run(["archive", list.path, again, "--reference", "sync-1"], plainHosts: [low.host], environment: lowCache)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(FileManager.default.contents(atPath: stream) == FileManager.default.contents(atPath: again))

        let map = work.appendingPathComponent("map.csv")
        try Data("\(low.host)/,\(high.host)/mirror/\n".utf8).write(to: map)
        let highCache = ["XDG_CACHE_HOME": work.appendingPathComponent("high-cache").path]
        let unarchived = try FerryBinary.run(["unarchive", stream, "longest-prefix=\(map.path)", "-l", "tier=web"],
                                             plainHosts: [high.host], environment: highCache)
        #expect(unarchived.status == 0, "\(unarchived.stderr)")
        #expect(try skopeoRawManifest("\(high.host)/mirror/team/app:2") == skopeoRawManifest("\(low.host)/team/app:2"))
        // The selector left the unlabelled base image out.
        #expect(try TestTools.run("skopeo", ["inspect", "--tls-verify=false", "--raw", "docker://\(high.host)/mirror/lib/base:1"]).status != 0)
    }

    @Test func unarchiveOfATruncatedStreamStopsBeforeScattering() async throws {
        let work = try TestTools.makeTempDirectory("ferry-unarchive-bad")
        defer { try? FileManager.default.removeItem(at: work) }
        let stream = work.appendingPathComponent("cut.tar")
        try Data(repeating: 0x41, count: 3000).write(to: stream)   // not a tar stream at all
        let result = try FerryBinary.run(["unarchive", stream.path, "nest=127.0.0.1/never"],
                                         environment: ["XDG_CACHE_HOME": work.appendingPathComponent("cache").path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("ferry: error:"))
        #expect(!result.stdout.contains("scattered"))
    }
}
