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

    /// Two sources that resolve to one digest each keep their name in the stream's index.json,
    /// so `oci-archive:FILE:NAME` works for every name written in sources.list.
    @Test func everySourceNameStaysReadable() async throws {
        let server = try await RegistryServer.start(.plain)
        defer { server.stop() }
        let client = makeClient(host: server.host)
        let image = try TestImage(layerSizes: [2_000], seed: 941)
        let repository = Repository(registry: server.host, name: "app")
        try await image.push(client, to: repository, tag: "1")
        try await image.push(client, to: repository, tag: "latest")
        let directory = try TestTools.makeTempDirectory("ferry-refnames")
        defer { try? FileManager.default.removeItem(at: directory) }
        let list = directory.appendingPathComponent("sources.list")
        try Data("\(server.host)/app:1\n\(server.host)/app:latest\n".utf8).write(to: list)
        let gathered = try FerryBinary.run(["gather", "-q", list.path, "\(server.host)/gather:both"], plainHosts: [server.host])
        #expect(gathered.status == 0, "\(gathered.stderr)")
        let stream = directory.appendingPathComponent("s.tar").path
        let result = try FerryBinary.run(["serialize", "-q", "\(server.host)/gather:both", stream], plainHosts: [server.host])
        #expect(result.status == 0, "\(result.stderr)")
        let index = try TestTools.runChecked("tar", ["-xOf", stream, "index.json"]).stdout
        for name in ["\(server.host)/app:1", "\(server.host)/app:latest"] {
            #expect(index.contains("\"org.opencontainers.image.ref.name\": \"\(name)\""), "\(name) missing in \(index)")
            let raw = try TestTools.run("skopeo", ["inspect", "--raw", "oci-archive:\(stream):\(name)"])
            #expect(raw.status == 0 && raw.stdoutData == image.manifest.bytes, "\(name): \(raw.stderr)")
        }
        let back = try FerryBinary.run(["deserialize", "-q", stream, "oci:\(directory.path)/back:x"])
        #expect(back.status == 0, "\(back.stderr)")
    }
}
