import ClientTestSupport
import Foundation
import OCI
import Registry
import Streams
import Testing
import TestSupport

/// `ferry serve` run as a user would, in the background, over a stream `ferry serialize` wrote
/// from a gather in a real docker-registry; skopeo and curl as the clients.
@Suite(.serialized) struct ServeCommandTests {
    /// A `ferry serve` child process; its first stdout line names the port it bound.
    final class ServeProcess {
        let child: ChildProcess
        let address: String
        let output: String

        init(_ arguments: [String], environment extra: [String: String] = [:]) throws {
            let directory = try TestTools.makeTempDirectory("ferry-serve-run")
            let out = directory.appendingPathComponent("stdout")
            let err = directory.appendingPathComponent("stderr")
            _ = FileManager.default.createFile(atPath: out.path, contents: nil)
            _ = FileManager.default.createFile(atPath: err.path, contents: nil)
            let outHandle = try FileHandle(forWritingTo: out)
            let errHandle = try FileHandle(forWritingTo: err)
            let nothing = try FileHandle(forReadingFrom: URL(fileURLWithPath: "/dev/null"))
            defer { try? outHandle.close(); try? errHandle.close(); try? nothing.close() }
            var environment = ProcessInfo.processInfo.environment
            environment["HOME"] = directory.path
            environment.merge(extra) { $1 }
            child = try ChildProcess(executable: FerryBinary.path, arguments: ["serve"] + arguments + ["--listen", "127.0.0.1:0"],
                                     environment: environment, standardInput: nothing.fileDescriptor,
                                     standardOutput: outHandle.fileDescriptor, standardError: errHandle.fileDescriptor)
            let deadline = Date().addingTimeInterval(30)
            while true {
                let text = (try? String(contentsOf: out, encoding: .utf8)) ?? ""
                if let range = text.range(of: "on http://"), let end = text[range.upperBound...].firstIndex(of: "\n") {
                    address = String(text[range.upperBound..<end])
                    output = text
                    break
                }
                if let ended = child.poll() {
                    throw TestFailure("ferry serve ended (\(ended)): \((try? String(contentsOf: err, encoding: .utf8)) ?? "")")
                }
                guard Date() < deadline else { child.stop(grace: 0); throw TestFailure("ferry serve did not start: \(text)") }
                usleep(50_000)
            }
        }

        func stop() -> Int32 { child.stop(grace: 5).status }

        deinit { child.stop(grace: 1) }
    }

    struct Stream {
        let file: URL
        let image: TestImage
        let source: String
    }

    /// team/app:1 pushed, gathered into gather:sync-1, serialized to a file.
    static func stream() async throws -> Stream {
        let registry = try await RegistryServer.start(.plain)
        defer { registry.stop() }
        let image = try TestImage(layerSizes: [2 << 20, 5000], seed: 77)
        try await image.push(makeClient(host: registry.host), to: Repository(registry: registry.host, name: "team/app"), tag: "1")
        let directory = try TestTools.makeTempDirectory("ferry-serve-stream")
        let list = directory.appendingPathComponent("sources.list")
        try Data("\(registry.host)/team/app:1\n".utf8).write(to: list)
        let gathered = try FerryBinary.run(["gather", "-q", list.path, "\(registry.host)/gather:sync-1"], plainHosts: [registry.host])
        guard gathered.status == 0 else { throw TestFailure("gather: \(gathered.stderr)") }
        let file = directory.appendingPathComponent("sync-1.tar")
        let serialized = try FerryBinary.run(["serialize", "-q", "\(registry.host)/gather:sync-1", file.path], plainHosts: [registry.host])
        guard serialized.status == 0 else { throw TestFailure("serialize: \(serialized.stderr)") }
        return Stream(file: file, image: image, source: "\(registry.host)/team/app:1")
    }

    @Test func servesASerializedStreamToSkopeo() async throws {
        let stream = try await Self.stream()
        let serve = try ServeProcess([stream.file.path])
        #expect(serve.output.contains("\(serve.address)/team/app:1"), "\(serve.output)")
        // The root's ref.name is its bare tag: served in the repository named after the file.
        #expect(serve.output.contains("\(serve.address)/sync-1:sync-1"), "\(serve.output)")

        #expect(try skopeoRawManifest("\(serve.address)/team/app:1") == stream.image.manifest.bytes)
        let out = try TestTools.makeTempDirectory("ferry-serve-stream-copy")
        try TestTools.runChecked("skopeo", ["copy", "--preserve-digests", "--src-tls-verify=false",
                                            "docker://\(serve.address)/team/app:1", "oci:\(out.path):1"])
        for blob in stream.image.blobs {
            #expect(try Data(contentsOf: out.appendingPathComponent("blobs/sha256/\(blob.descriptor.digest.encoded)")) == blob.data)
        }
        let layer = stream.image.layers[0]
        let range = try TestTools.runChecked("curl", ["-s", "-r", "100-199", "http://\(serve.address)/v2/team/app/blobs/\(layer.descriptor.digest)"])
        #expect(range.stdoutData == layer.data.subdata(in: 100..<200))
        #expect(serve.stop() == 130, "SIGTERM ends serve as it ends every ferry command")
    }

    /// `ferry archive` fills the local store; `ferry serve store:` serves what it holds.
    @Test func servesTheLocalStore() async throws {
        let registry = try await RegistryServer.start(.plain)
        defer { registry.stop() }
        let image = try TestImage(layerSizes: [3000], seed: 78)
        try await image.push(makeClient(host: registry.host), to: Repository(registry: registry.host, name: "team/app"), tag: "1")
        let work = try TestTools.makeTempDirectory("ferry-serve-store")
        let list = work.appendingPathComponent("sources.list")
        try Data("\(registry.host)/team/app:1\n".utf8).write(to: list)
        let cache = ["XDG_CACHE_HOME": work.appendingPathComponent("cache").path]
        let archived = try FerryBinary.run(["archive", "-q", list.path, work.appendingPathComponent("a.tar").path, "--reference", "sync-1"],
                                           plainHosts: [registry.host], environment: cache)
        #expect(archived.status == 0, "\(archived.stderr)")
        let serve = try ServeProcess(["store:"], environment: cache)
        #expect(serve.output.contains("\(serve.address)/store:sync-1"), "\(serve.output)")
        #expect(try skopeoRawManifest("\(serve.address)/team/app:1") == image.manifest.bytes)
        #expect(serve.stop() == 130)
    }

    @Test func refusesCompressedAndDamagedStreams() async throws {
        let stream = try await Self.stream()
        try TestTools.runChecked("gzip", ["-k", stream.file.path])
        let compressed = try FerryBinary.run(["serve", stream.file.path + ".gz", "--listen", "127.0.0.1:0"])
        #expect(compressed.status == 1)
        #expect(compressed.stderr.contains("decompress it first"), "\(compressed.stderr)")

        // One byte of the 2 MiB layer changed: the start must refuse, naming the blob.
        var bytes = try Data(contentsOf: stream.file)
        let layer = stream.image.layers[0]
        let at = try #require(bytes.range(of: layer.data.prefix(4096))).lowerBound + 1_000_000
        bytes[at] ^= 0xFF
        let damaged = stream.file.deletingLastPathComponent().appendingPathComponent("damaged.tar")
        try bytes.write(to: damaged)
        let refused = try FerryBinary.run(["serve", damaged.path, "--listen", "127.0.0.1:0"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("\(layer.descriptor.digest) is damaged"), "\(refused.stderr)")

        let usage = try FerryBinary.run(["serve", stream.file.path, "--tls-cert", "x.pem"])
        #expect(usage.status == 2)
        #expect(usage.stderr.contains("--tls-key"))
    }
}
