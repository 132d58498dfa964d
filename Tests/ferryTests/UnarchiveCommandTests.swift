import ClientTestSupport
import Foundation
import OCI
import Registry
import Testing
import TestSupport

/// `ferry unarchive` reads its arguments before its stream, and `--dry-run` writes nothing.
@Suite struct UnarchiveCommandTests {
    /// A stream from `ferry archive` of one image pushed to a fresh registry.
    static func archive(in work: URL) async throws -> (stream: String, low: RegistryServer) {
        let low = try await RegistryServer.start(.plain)
        let image = try TestImage(layerSizes: [20_000], seed: 420)
        try await image.push(makeClient(host: low.host), to: Repository(registry: low.host, name: "team/app"), tag: "1")
        let list = work.appendingPathComponent("sources.list")
        try Data("\(low.host)/team/app:1\n".utf8).write(to: list)
        let stream = work.appendingPathComponent("sync.tar").path
        let archived = try FerryBinary.run(["archive", "-q", list.path, stream], plainHosts: [low.host],
                                           environment: ["XDG_CACHE_HOME": work.appendingPathComponent("low-cache").path])
        guard archived.status == 0 else { throw TestFailure("archive: \(archived.stderr)") }
        return (stream, low)
    }

    @Test func dryRunWritesNothingAnywhere() async throws {
        let work = try TestTools.makeTempDirectory("ferry-unarchive-dry")
        defer { try? FileManager.default.removeItem(at: work) }
        let (stream, low) = try await Self.archive(in: work)
        defer { low.stop() }
        let high = try await RegistryServer.start(.plain)
        defer { high.stop() }
        let cache = work.appendingPathComponent("high-cache")
        let map = work.appendingPathComponent("map.csv")
        try Data("\(low.host)/,\(high.host)/mirror/\n".utf8).write(to: map)
        let result = try FerryBinary.run(["unarchive", "--dry-run", stream, "longest-prefix=\(map.path)"], plainHosts: [high.host],
                                         environment: ["XDG_CACHE_HOME": cache.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("-> \(high.host)/mirror/team/app:1"), "\(result.stdout)")
        #expect(!FileManager.default.fileExists(atPath: cache.path), "\((try? FileManager.default.subpathsOfDirectory(atPath: cache.path)) ?? [])")
        let log = high.accessLog()
        #expect(log.allSatisfy { $0.method == "GET" || $0.method == "HEAD" }, "\(log)")

        // The same for deserialize --dry-run into a registry.
        let deserialized = try FerryBinary.run(["deserialize", "--dry-run", stream, "\(high.host)/dry/set:v1"], plainHosts: [high.host],
                                               environment: ["XDG_CACHE_HOME": cache.path])
        #expect(deserialized.status == 0, "\(deserialized.stderr)")
        #expect(!FileManager.default.fileExists(atPath: cache.path))
        #expect(high.accessLog().allSatisfy { $0.method == "GET" || $0.method == "HEAD" })
    }

    /// A mapper whose file is missing or does not parse fails at once (exit 2) and names the
    /// file, before the stream is read (here: not a stream at all) and before the store exists.
    @Test(arguments: ["longest-prefix=MISSING", "go-template=BROKEN"])
    func aBadMapperFailsBeforeTheStreamIsRead(_ mapper: String) throws {
        let work = try TestTools.makeTempDirectory("ferry-unarchive-mapper")
        defer { try? FileManager.default.removeItem(at: work) }
        let broken = work.appendingPathComponent("broken.tmpl")
        try Data("{{ .Unclosed ".utf8).write(to: broken)
        let argument = mapper.replacingOccurrences(of: "MISSING", with: work.appendingPathComponent("missing.csv").path)
            .replacingOccurrences(of: "BROKEN", with: broken.path)
        let stream = work.appendingPathComponent("garbage.tar")
        try Data(repeating: 0x41, count: 1 << 20).write(to: stream)
        let cache = work.appendingPathComponent("cache")
        let started = Date()
        let result = try FerryBinary.run(["unarchive", stream.path, argument], environment: ["XDG_CACHE_HOME": cache.path])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains(mapper.hasPrefix("go") ? "broken.tmpl" : "missing.csv"), "\(result.stderr)")
        #expect(!result.stderr.contains("tar"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: cache.path))
        #expect(Date().timeIntervalSince(started) < 5)
    }
}
