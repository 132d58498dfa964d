import ClientTestSupport
import Foundation
import OCI
import Registry
import Testing
import TestSupport

/// `--verify-signatures` on gather, clone and scatter as a user runs them, with signatures made
/// as cosign makes them (openssl key pair, `.sig` tag or referrer): signed images pass and are
/// counted, a refused one is named with the reason, exit 1, and nothing reaches the destination.
@Suite(.serialized) struct SignatureCommandTests {
    let files: ScratchFiles

    init() throws { files = try ScratchFiles("ferry-signature-cli") }

    private func write(_ text: String, name: String) throws -> String { try files.write(text, name: name) }

    /// A source registry with `team/app` (signed, `.sig` tag), `team/tool` (signed, referrer) and
    /// `team/bare` (unsigned), each tagged `1`, and an empty target registry.
    struct Source {
        let server: RegistryServer
        let target: RegistryServer
        let signer: CosignSigner
        let images: [String: TestImage]

        var hosts: [String] { [server.host, target.host] }
        /// The signer's public key file.
        var key: String { signer.publicKey.path }

        func stop() { server.stop(); target.stop() }

        static func start() async throws -> Source {
            let server = try await RegistryServer.start(.plain)
            let target = try await RegistryServer.start(.plain)
            let signer = try CosignSigner()
            let client = makeClient(host: server.host)
            var images: [String: TestImage] = [:]
            for (seed, name) in ["team/app", "team/tool", "team/bare"].enumerated() {
                let image = try TestImage(layerSizes: [4_000], seed: 900 + UInt64(seed))
                try await image.push(client, to: Repository(registry: server.host, name: name), tag: "1")
                images[name] = image
            }
            try signer.push(to: server, repository: "team/app", subject: images["team/app"]!.manifest.descriptor, store: .tag)
            try signer.push(to: server, repository: "team/tool", subject: images["team/tool"]!.manifest.descriptor, store: .referrer)
            return Source(server: server, target: target, signer: signer, images: images)
        }

        func line(_ name: String) -> String { "\(server.host)/\(name):1" }
    }

    /// The repositories a registry holds (nothing pushed means none).
    private func catalog(_ server: RegistryServer) throws -> String {
        try server.request("GET", "/v2/_catalog").bodyText
    }

    @Test func gatherVerifiesEachImageAndRefusesBeforeCopying() async throws {
        let source = try await Source.start()
        defer { source.stop() }
        let (target, hosts, key) = (source.target, source.hosts, source.key)
        let signed = try write("\(source.line("team/app"))\n\(source.line("team/tool"))\n", name: "signed.list")
        let passed = try FerryBinary.run(["gather", "--verify-signatures", key, signed, "\(target.host)/gather:ok"], plainHosts: hosts)
        #expect(passed.status == 0, "\(passed.stderr)")
        #expect(passed.stderr.contains("signatures: 2 image(s) verified"))

        let mixed = try write("\(source.line("team/app"))\n\(source.line("team/bare"))\n", name: "mixed.list")
        let refused = try FerryBinary.run(["gather", "--verify-signatures", key, mixed, "\(target.host)/gather:mixed"], plainHosts: hosts)
        #expect(refused.status == 1)
        let bare = source.images["team/bare"]!.manifest.digest
        #expect(refused.stderr.contains("--verify-signatures refused 1 image(s) (1 verified); nothing was copied"), "\(refused.stderr)")
        #expect(refused.stderr.contains("\(source.line("team/bare")) (\(bare)): no signature found"), "\(refused.stderr)")
        #expect(try target.request("HEAD", "/v2/gather/manifests/mixed").status == 404)

        // Another key: refused; given both keys, either may have signed.
        let other = try CosignSigner()
        let wrongKey = try FerryBinary.run(["gather", "--verify-signatures", other.publicKey.path, signed, "\(target.host)/gather:k"],
                                           plainHosts: hosts)
        #expect(wrongKey.status == 1)
        #expect(wrongKey.stderr.contains("\(source.line("team/app")) (\(source.images["team/app"]!.manifest.digest)): signature does not verify"))
        let either = try FerryBinary.run(["gather", "--verify-signatures", other.publicKey.path, "--verify-signatures", key, signed,
                                          "\(target.host)/gather:k"], plainHosts: hosts)
        #expect(either.status == 0, "\(either.stderr)")

        // A payload for another digest, signed by the right key.
        let digestList = try write("\(source.line("team/bare"))\n", name: "bare.list")
        try source.signer.push(to: source.server, repository: "team/bare", subject: source.images["team/bare"]!.manifest.descriptor,
                               store: .referrer, payload: CosignSigner.payload(repository: "\(source.server.host)/team/bare",
                                                                               digest: source.images["team/app"]!.manifest.digest))
        let wrongDigest = try FerryBinary.run(["gather", "--verify-signatures", key, digestList, "\(target.host)/gather:d"], plainHosts: hosts)
        #expect(wrongDigest.status == 1)
        #expect(wrongDigest.stderr.contains("signature payload names another digest (\(source.images["team/app"]!.manifest.digest))"),
                "\(wrongDigest.stderr)")

        let badKey = try write("not a key\n", name: "junk.pub")
        let usage = try FerryBinary.run(["gather", "--verify-signatures", badKey, signed, "\(target.host)/gather:x"], plainHosts: hosts)
        #expect(usage.status == 2)
        #expect(usage.stderr.contains("signature key \(badKey): no PEM public key"))
    }

    @Test func gatherRefusesATamperedPayload() async throws {
        let source = try await Source.start()
        defer { source.stop() }
        let subject = source.images["team/bare"]!.manifest
        let honest = CosignSigner.payload(repository: "\(source.server.host)/team/bare", digest: subject.digest)
        try source.signer.push(to: source.server, repository: "team/bare", subject: subject.descriptor, store: .tag,
                               payload: honest + Data("\n".utf8), signature: try source.signer.sign(honest))
        let list = try write("\(source.line("team/bare"))\n", name: "bare.list")
        let run = try FerryBinary.run(["gather", "--verify-signatures", source.signer.publicKey.path, "--dry-run", list,
                                       "\(source.server.host)/gather:t"], plainHosts: [source.server.host])
        #expect(run.status == 1)
        #expect(run.stderr.contains("signature does not verify: tag \(CosignPayload.signatureTag(for: subject.digest)): payload sha256:"),
                "\(run.stderr)")
    }

    @Test func cloneAndScatterPushNothingForARefusedImage() async throws {
        let source = try await Source.start()
        defer { source.stop() }
        let (target, hosts, key) = (source.target, source.hosts, source.key)
        let map = try write("\(source.server.host)/,\(target.host)/high/\n", name: "map.csv")
        let mixed = try write("\(source.line("team/app"))\n\(source.line("team/tool"))\n\(source.line("team/bare"))\n", name: "mixed.list")

        let clone = try FerryBinary.run(["clone", "--verify-signatures", key, mixed, "first-prefix=\(map)"], plainHosts: hosts)
        #expect(clone.status == 1)
        #expect(clone.stderr.contains("refused 1 image(s) (2 verified)"), "\(clone.stderr)")
        #expect(clone.stderr.contains("\(source.line("team/bare"))"))
        #expect(try catalog(target) == "{\"repositories\":[]}\n")
        let signed = try write("\(source.line("team/app"))\n\(source.line("team/tool"))\n", name: "signed.list")
        let cloned = try FerryBinary.run(["clone", "--verify-signatures", key, signed, "first-prefix=\(map)"], plainHosts: hosts)
        #expect(cloned.status == 0, "\(cloned.stderr)")
        #expect(cloned.stderr.contains("signatures: 2 image(s) verified"))

        // Scatter reads signatures from the gather result: the referrer came with its subject,
        // the `.sig` tag came restated as a referrer; only the unsigned image is refused.
        let gathered = try FerryBinary.run(["gather", "-q", mixed, "\(source.server.host)/gather:sync"], plainHosts: hosts)
        #expect(gathered.status == 0, "\(gathered.stderr)")
        let scatterMap = try write("\(source.server.host)/,\(target.host)/scattered/\n", name: "scatter.csv")
        let scatter = try FerryBinary.run(["scatter", "--verify-signatures", key, "\(source.server.host)/gather:sync", "first-prefix=\(scatterMap)"],
                                          plainHosts: hosts)
        #expect(scatter.status == 1)
        #expect(scatter.stderr.contains("refused 1 image(s) (2 verified)"), "\(scatter.stderr)")
        #expect(scatter.stderr.contains("\(source.line("team/bare")) (\(source.images["team/bare"]!.manifest.digest)): no signature found"))
        #expect(!(try catalog(target)).contains("scattered"))
        let subset = try write("\(source.line("team/tool"))\n", name: "subset.list")
        let scattered = try FerryBinary.run(["scatter", "--verify-signatures", key, "--subset", subset, "\(source.server.host)/gather:sync",
                                             "first-prefix=\(scatterMap)"], plainHosts: hosts)
        #expect(scattered.status == 0, "\(scattered.stderr)")
        #expect(scattered.stderr.contains("signatures: 1 image(s) verified"))
        #expect(try catalog(target).contains("scattered/team/tool"))

        // Across the gap: the signatures travel in the stream and are checked on the far side.
        let stream = files.directory.appendingPathComponent("sync.tar").path
        let high = "oci:\(files.directory.appendingPathComponent("high").path):sync"
        #expect(try FerryBinary.run(["serialize", "-q", "\(source.server.host)/gather:sync", stream], plainHosts: hosts).status == 0)
        #expect(try FerryBinary.run(["deserialize", "-q", stream, high], plainHosts: hosts).status == 0)
        let far = try FerryBinary.run(["scatter", "--verify-signatures", key, "--dry-run", "--subset", subset, high, "first-prefix=\(scatterMap)"],
                                      plainHosts: hosts)
        #expect(far.status == 0, "\(far.stderr)")
        #expect(far.stderr.contains("signatures: 1 image(s) verified"))
        let farAll = try FerryBinary.run(["scatter", "--verify-signatures", key, "--dry-run", high, "first-prefix=\(scatterMap)"], plainHosts: hosts)
        #expect(farAll.status == 1)
        #expect(farAll.stderr.contains("refused 1 image(s) (2 verified)"), "\(farAll.stderr)")
        #expect(farAll.stderr.contains("\(source.line("team/bare")) (\(source.images["team/bare"]!.manifest.digest)): no signature found"))
    }

    /// Platforms picked out of a signed multi-arch index: the index's signature vouches for them,
    /// at the source (gather) and in an OCI layout gather result (scatter reads its referrers).
    @Test func theIndexSignatureCountsForItsPlatformsThroughALayout() async throws {
        let source = try await Source.start()
        defer { source.stop() }
        let (target, hosts) = (source.target, source.hosts)
        let client = makeClient(hosts: hosts)
        let repository = Repository(registry: source.server.host, name: "team/multi")
        let amd = try TestImage(layerSizes: [3_000], seed: 940)
        let arm = try TestImage(layerSizes: [3_000], seed: 941)
        try await amd.push(client, to: repository, tag: nil)
        try await arm.push(client, to: repository, tag: nil)
        let index = try makeIndex([(amd, Platform(os: "linux", architecture: "amd64")), (arm, Platform(os: "linux", architecture: "arm64"))])
        try await client.pushManifest(index, to: repository, tag: "1")
        try source.signer.push(to: source.server, repository: "team/multi", subject: index.descriptor, store: .referrer)
        let key = source.key
        let list = try write("\(source.line("team/multi"))\n", name: "multi.list")
        let layout = files.directory.appendingPathComponent("set").path

        let gathered = try FerryBinary.run(["gather", "--verify-signatures", key, "--platform", "linux/amd64,linux/arm64", list,
                                            "oci:\(layout):sync"], plainHosts: hosts)
        #expect(gathered.status == 0, "\(gathered.stderr)")
        #expect(gathered.stderr.contains("signatures: 1 image(s) verified"), "\(gathered.stderr)")

        let map = try write("\(source.server.host)/,\(target.host)/high/\n", name: "map.csv")
        let scattered = try FerryBinary.run(["scatter", "--verify-signatures", key, "oci:\(layout):sync", "first-prefix=\(map)"],
                                            plainHosts: hosts)
        #expect(scattered.status == 0, "\(scattered.stderr)")
        #expect(scattered.stderr.contains("signatures: 1 image(s) verified"), "\(scattered.stderr)")
        #expect(try skopeoRawManifest("\(target.host)/high/team/multi:1") == index.bytes)
    }
}
