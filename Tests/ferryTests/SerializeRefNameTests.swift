import ClientTestSupport
import Foundation
import OCI
import Registry
import Testing
import TestSupport

/// The root's `org.opencontainers.image.ref.name` in a stream is the tag, as ace-dt writes it, so
/// `oci-archive:FILE:TAG` readers find the set and ace-dt's deserialize matches it.
@Suite struct SerializeRefNameTests {
    @Test func theRootIsNamedByItsTag() async throws {
        let server = try await RegistryServer.start(.plain)
        defer { server.stop() }
        let image = try TestImage(layerSizes: [2_000], seed: 940)
        try await image.push(makeClient(host: server.host), to: Repository(registry: server.host, name: "gather"), tag: "sync-45")
        let directory = try TestTools.makeTempDirectory("ferry-refname")
        defer { try? FileManager.default.removeItem(at: directory) }
        let stream = directory.appendingPathComponent("s.tar").path

        let result = try FerryBinary.run(["serialize", "-q", "\(server.host)/gather:sync-45", stream], plainHosts: [server.host])
        #expect(result.status == 0, "\(result.stderr)")
        let raw = try TestTools.run("skopeo", ["inspect", "--raw", "oci-archive:\(stream):sync-45"])
        #expect(raw.status == 0, "\(raw.stderr)")
        #expect(raw.stdoutData == image.manifest.bytes)

        let back = try FerryBinary.run(["deserialize", "-q", stream, "oci:\(directory.path)/back:x"])
        #expect(back.status == 0, "\(back.stderr)")
    }
}
