import Streams
import Foundation
import OCI
import Registry
import Testing
import ClientTestSupport
import TestSupport

/// `ferry copy` end to end, as a user runs it, against real registries; results checked with skopeo/umoci.
@Suite(.serialized) struct CopyCommandTests {
    @Test func copiesAMultiArchIndexWithReferrersBetweenRegistries() async throws {
        let low = try await RegistryServer.start(.plain)
        let high = try await RegistryServer.start(.plain)
        defer { low.stop(); high.stop() }
        let client = makeClient(hosts: [low.host, high.host])
        let repository = Repository(registry: low.host, name: "src/app")
        let amd = try TestImage(layerSizes: [200_000, 5_000], seed: 31)
        let arm = try TestImage(layerSizes: [200_000, 6_000], seed: 32)
        try await amd.push(client, to: repository, tag: nil)
        try await arm.push(client, to: repository, tag: nil)
        let index = try makeIndex([(amd, Platform(os: "linux", architecture: "amd64")),
                                   (arm, Platform(os: "linux", architecture: "arm64", variant: "v8"))])
        try await client.pushManifest(index, to: repository, tag: "2.0")
        let signature = try TestImage(layerSizes: [100], seed: 33, subject: index.descriptor, artifactType: "application/vnd.example.sig")
        try await signature.push(client, to: repository, tag: nil)

        let result = try FerryBinary.run(["copy", "--referrers", "--json", "\(low.host)/src/app:2.0", "docker://\(high.host)/dst/app:2.0"],
                                         plainHosts: [low.host, high.host])
        #expect(result.status == 0, "\(result.stderr)")
        let done = try #require(result.stdout.split(separator: "\n").last)
        #expect(done.contains(#""event":"done""#))
        #expect(done.contains(#""blobsUploaded":8"#))   // 2 configs + 4 layers + the signature's config and layer
        #expect(try skopeoRawManifest("\(high.host)/dst/app:2.0") == index.bytes)
        let referrers = try await client.referrers(Repository(registry: high.host, name: "dst/app"), digest: index.digest)
        #expect(referrers.map(\.digest) == [signature.manifest.digest])

        // A second copy moves nothing.
        let again = try FerryBinary.run(["copy", "--json", "\(low.host)/src/app:2.0", "\(high.host)/dst/app:2.0"], plainHosts: [low.host, high.host])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains(#""bytesUploaded":0"#))
    }

    /// `copy SRC REPO@sha256:X` promises X at the destination: another image there is refused.
    @Test func aDestinationPinnedToAnotherDigestIsRefused() async throws {
        let server = try await RegistryServer.start(.plain)
        defer { server.stop() }
        let image = try TestImage(layerSizes: [1_000], seed: 37)
        try await image.push(makeClient(hosts: [server.host]), to: Repository(registry: server.host, name: "pin/src"), tag: "1")
        let wrong = "sha256:" + String(repeating: "0", count: 64)

        let refused = try FerryBinary.run(["copy", "\(server.host)/pin/src:1", "\(server.host)/pin/dst@\(wrong)"], plainHosts: [server.host])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("pins \(wrong)") && refused.stderr.contains("\(image.manifest.digest)"), "\(refused.stderr)")
        #expect(try TestTools.run("skopeo", ["inspect", "--raw", "--tls-verify=false",
                                             "docker://\(server.host)/pin/dst@\(image.manifest.digest)"]).status != 0)

        let right = try FerryBinary.run(["copy", "\(server.host)/pin/src:1", "\(server.host)/pin/dst@\(image.manifest.digest)"],
                                        plainHosts: [server.host])
        #expect(right.status == 0, "\(right.stderr)")
        #expect(try skopeoRawManifest("\(server.host)/pin/dst@\(image.manifest.digest)") == image.manifest.bytes)
    }

    @Test func platformFilterCopiesOnlyThatImage() async throws {
        let server = try await RegistryServer.start(.plain)
        defer { server.stop() }
        let client = makeClient(hosts: [server.host])
        let repository = Repository(registry: server.host, name: "plat/app")
        let amd = try TestImage(layerSizes: [1_000], seed: 34)
        let arm = try TestImage(layerSizes: [1_000], seed: 35)
        try await amd.push(client, to: repository, tag: nil)
        try await arm.push(client, to: repository, tag: nil)
        let index = try makeIndex([(amd, Platform(os: "linux", architecture: "amd64")),
                                   (arm, Platform(os: "linux", architecture: "arm64", variant: "v8"))])
        try await client.pushManifest(index, to: repository, tag: "1")

        let result = try FerryBinary.run(["copy", "-q", "--platform", "linux/arm64", "\(server.host)/plat/app:1", "\(server.host)/plat/arm:1"],
                                         plainHosts: [server.host])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(try skopeoRawManifest("\(server.host)/plat/arm:1") == arm.manifest.bytes)

        let missing = try FerryBinary.run(["copy", "--platform", "windows/amd64", "\(server.host)/plat/app:1", "\(server.host)/plat/win:1"],
                                          plainHosts: [server.host])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("windows/amd64"))
        #expect(missing.stderr.contains("linux/arm64"))
    }

    @Test func registryToLayoutAndBackKeepsDigests() async throws {
        let server = try await RegistryServer.start(.plain)
        defer { server.stop() }
        let client = makeClient(hosts: [server.host])
        let image = try TestImage(layerSizes: [300_000, 2_000], seed: 36)
        try await image.push(client, to: Repository(registry: server.host, name: "lay/app"), tag: "1")
        let directory = try TestTools.makeTempDirectory("ferry-layout")
        let layout = directory.appendingPathComponent("store").path

        let out = try FerryBinary.run(["copy", "\(server.host)/lay/app:1", "oci:\(layout):app-1"], plainHosts: [server.host])
        #expect(out.status == 0, "\(out.stderr)")
        // Independent readers of the layout.
        let stat = try TestTools.run("umoci", ["stat", "--image", "\(layout):app-1", "--json"])
        #expect(stat.status == 0, "\(stat.stderr)")
        let skopeo = try TestTools.run("skopeo", ["inspect", "--raw", "oci:\(layout):app-1"])
        #expect(skopeo.stdoutData == image.manifest.bytes)

        let back = try FerryBinary.run(["copy", "oci:\(layout):app-1", "\(server.host)/lay/back:1"], plainHosts: [server.host])
        #expect(back.status == 0, "\(back.stderr)")
        #expect(try skopeoRawManifest("\(server.host)/lay/back:1") == image.manifest.bytes)
    }

    @Test func badInputGetsClearErrorsAndExitCodes() async throws {
        let usage = try FerryBinary.run(["copy", "Not/A:Valid:Ref", "oci:/tmp/x"])
        #expect(usage.status == 2)
        #expect(usage.stderr.contains("Not/A:Valid:Ref"))
        let platform = try FerryBinary.run(["copy", "a", "b", "--platform", "linux"])
        #expect(platform.status == 2)
        let port = try TestTools.freePort()
        let unreachable = try FerryBinary.run(["copy", "127.0.0.1:\(port)/a:1", "127.0.0.1:\(port)/b:1"])
        #expect(unreachable.status == 1)
        #expect(unreachable.stderr.contains("127.0.0.1:\(port)/a:1"))
        let newLayout = try TestTools.makeTempDirectory("ferry-copy-fail").appendingPathComponent("store").path
        let intoLayout = try FerryBinary.run(["copy", "127.0.0.1:\(port)/a:1", "oci:\(newLayout)"])
        #expect(intoLayout.status == 1)
        #expect(!FileManager.default.fileExists(atPath: newLayout))
        let notLayout = try TestTools.makeTempDirectory("ferry-notlayout")
        let missing = try FerryBinary.run(["copy", "oci:\(notLayout.path)/nothing:1", "127.0.0.1:\(port)/b:1"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("not a usable OCI layout"))
    }

    @Test func skopeoPushedImageIsCopiedByFerry() async throws {
        let server = try await RegistryServer.start(.plain)
        defer { server.stop() }
        // An image built by umoci and pushed by skopeo: ferry must read what other tools write.
        let directory = try TestTools.makeTempDirectory("ferry-umoci")
        let layout = directory.appendingPathComponent("layout").path
        #expect(try TestTools.run("umoci", ["init", "--layout", layout]).status == 0)
        #expect(try TestTools.run("umoci", ["new", "--image", "\(layout):base"]).status == 0)
        let payload = directory.appendingPathComponent("payload")
        try FileManager.default.createDirectory(at: payload, withIntermediateDirectories: true)
        try Data(repeating: 7, count: 100_000).write(to: payload.appendingPathComponent("file.bin"))
        let insert = try TestTools.run("umoci", ["insert", "--rootless", "--image", "\(layout):base", payload.path, "/payload"])
        #expect(insert.status == 0, "\(insert.stderr)")
        let push = try TestTools.run("skopeo", ["copy", "--dest-tls-verify=false", "oci:\(layout):base", "docker://\(server.host)/umoci/base:1"])
        #expect(push.status == 0, "\(push.stderr)")

        let copy = try FerryBinary.run(["copy", "\(server.host)/umoci/base:1", "\(server.host)/umoci/copy:1"], plainHosts: [server.host])
        #expect(copy.status == 0, "\(copy.stderr)")
        #expect(copy.stdout.contains("2 mounted"))
        #expect(try skopeoRawManifest("\(server.host)/umoci/copy:1") == skopeoRawManifest("\(server.host)/umoci/base:1"))
    }

    @Test func sharedLayersAreMountedAcrossRepositoriesOnLaterRuns() async throws {
        let source = try await RegistryServer.start(.plain)
        let target = try await RegistryServer.start(.plain)
        defer { source.stop(); target.stop() }
        let client = makeClient(hosts: [source.host, target.host])
        let first = try TestImage(layerSizes: [400_000, 1_000], seed: 41)
        let second = try TestImage(layerSizes: [400_000, 2_000], seed: 41)   // same seed: same first layer
        #expect(first.layers[0].descriptor.digest == second.layers[0].descriptor.digest)
        try await first.push(client, to: Repository(registry: source.host, name: "one"), tag: "1")
        try await second.push(client, to: Repository(registry: source.host, name: "two"), tag: "1")
        let cache = try TestTools.makeTempDirectory("ferry-cache")
        let env = ["XDG_CACHE_HOME": cache.path]

        let a = try FerryBinary.run(["copy", "--json", "\(source.host)/one:1", "\(target.host)/mirror/one:1"],
                                    plainHosts: [source.host, target.host], environment: env)
        #expect(a.status == 0, "\(a.stderr)")
        let b = try FerryBinary.run(["copy", "--json", "\(source.host)/two:1", "\(target.host)/mirror/two:1"],
                                    plainHosts: [source.host, target.host], environment: env)
        #expect(b.status == 0, "\(b.stderr)")
        #expect(b.stdout.contains(#""blobsMounted":2"#))   // the shared layer and the (identical) config
        #expect(b.stdout.contains(#""outcome":"mounted""#))
        #expect(try skopeoRawManifest("\(target.host)/mirror/two:1") == second.manifest.bytes)
    }

    @Test func httpProxyFromTheEnvironmentIsUsed() async throws {
        let server = try await RegistryServer.start(.plain)
        let proxy = try FaultProxy(upstream: server.host)
        defer { proxy.stop(); server.stop() }
        let image = try TestImage(layerSizes: [1_000], seed: 60)
        try await image.push(makeClient(host: server.host), to: Repository(registry: server.host, name: "px"), tag: "1")
        let layout = try TestTools.makeTempDirectory("ferry-proxy").appendingPathComponent("store").path

        for variable in ["http_proxy", "HTTP_PROXY"] {
            let result = try FerryBinary.run(["copy", "\(server.host)/px:1", "oci:\(layout):\(variable)"], plainHosts: [server.host],
                                             environment: [variable: "http://\(proxy.host)", "no_proxy": "", "NO_PROXY": ""])
            #expect(result.status == 0, "\(result.stderr)")
        }
        #expect(proxy.seenRequests.filter { $0.contains("/v2/px/manifests/1") }.count == 2)

        // NO_PROXY names the registry: the proxy sees nothing more.
        let before = proxy.seenRequests.count
        let bypass = try FerryBinary.run(["copy", "\(server.host)/px:1", "oci:\(layout):direct"], plainHosts: [server.host],
                                         environment: ["http_proxy": "http://\(proxy.host)", "NO_PROXY": "127.0.0.1"])
        #expect(bypass.status == 0, "\(bypass.stderr)")
        #expect(proxy.seenRequests.count == before)
    }

    @Test func interruptedCopyLeavesNoTemporaryFiles() async throws {
        let server = try await RegistryServer.start(.plain)
        let proxy = try FaultProxy(upstream: server.host)
        defer { proxy.stop(); server.stop() }
        let image = try TestImage(layerSizes: [200_000], seed: 70)
        try await image.push(makeClient(host: server.host), to: Repository(registry: server.host, name: "slow"), tag: "1")
        proxy.inject(.init(method: "GET", pathContains: "/blobs/sha256:", times: 10, action: .stall(seconds: 20)))
        let layout = try TestTools.makeTempDirectory("ferry-interrupt").appendingPathComponent("store")

        let config = layout.deletingLastPathComponent().appendingPathComponent("config.yaml")
        try Data("apiVersion: config.dt.act3-ace.io/v1alpha1\nkind: Configuration\nregistryConfig:\n  registries:\n    \"\(proxy.host)\": {endpoints: [\"http://\(proxy.host)\"]}\n".utf8).write(to: config)
        let null = try FileHandle(forUpdating: URL(fileURLWithPath: "/dev/null"))
        defer { try? null.close() }
        let stalled = proxy.watch("/blobs/sha256:")
        let child = try ChildProcess(
            executable: FerryBinary.path,
            arguments: ["copy", "-q", "--config", config.path, "\(proxy.host)/slow:1", "oci:\(layout.path):x"],
            environment: ["HOME": layout.deletingLastPathComponent().path, "PATH": "/usr/bin:/bin"],
            standardInput: null.fileDescriptor, standardOutput: null.fileDescriptor, standardError: null.fileDescriptor)
        // Wait until the download is stalled inside the proxy (its file is open by then), then interrupt.
        try await stalled.arrival()
        let ingesting = (try? FileManager.default.contentsOfDirectory(atPath: layout.appendingPathComponent("blobs/sha256").path)) ?? []
        #expect(ingesting.contains { $0.hasPrefix(".ingest-") }, "nothing to clean up: \(ingesting)")
        child.send(SIGTERM)
        let deadline = Date().addingTimeInterval(10)
        while child.isRunning && Date() < deadline { try await Task.sleep(nanoseconds: 100_000_000) }
        #expect(child.poll() == .exited(130))
        let blobs = (try? FileManager.default.contentsOfDirectory(atPath: layout.appendingPathComponent("blobs/sha256").path)) ?? []
        #expect(!blobs.contains { $0.hasPrefix(".ingest-") }, "left: \(blobs)")
        child.send(SIGKILL)
        _ = child.wait()
    }
}
