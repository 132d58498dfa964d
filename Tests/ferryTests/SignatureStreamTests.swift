import ClientTestSupport
import Foundation
import OCI
import Registry
import Testing
import TestSupport

/// `--verify-signatures` on the far side of the air gap: what gather verified on the low side
/// verifies again after serialize → deserialize (or archive → unarchive), for a single image and
/// for platforms picked out of a signed index, signed as a referrer or with cosign's `.sig` tag.
@Suite(.serialized) struct SignatureStreamTests {
    let files: ScratchFiles

    init() throws { files = try ScratchFiles("ferry-signature-stream") }

    private func write(_ text: String, name: String) throws -> String { try files.write(text, name: name) }

    /// Pushes a two-platform index to `name:1` on the source registry, signed as `store` says.
    private func pushSignedIndex(_ name: String, seed: UInt64, store: CosignSigner.Store?,
                                 source: SignatureCommandTests.Source) async throws -> ParsedManifest {
        let client = makeClient(hosts: source.hosts)
        let repository = Repository(registry: source.server.host, name: name)
        let amd = try TestImage(layerSizes: [3_000], seed: seed)
        let arm = try TestImage(layerSizes: [3_000], seed: seed + 1)
        try await amd.push(client, to: repository, tag: nil)
        try await arm.push(client, to: repository, tag: nil)
        let index = try makeIndex([(amd, Platform(os: "linux", architecture: "amd64")), (arm, Platform(os: "linux", architecture: "arm64"))])
        try await client.pushManifest(index, to: repository, tag: "1")
        if let store { try source.signer.push(to: source.server, repository: name, subject: index.descriptor, store: store) }
        return index
    }

    /// The cosign signature referrers of `digest` in `repository` of the target registry.
    private func signatureReferrers(_ source: SignatureCommandTests.Source, _ repository: String, of digest: Digest) async throws -> [Descriptor] {
        try await makeClient(hosts: source.hosts).referrers(Repository(registry: source.target.host, name: repository), digest: digest)
            .filter { $0.artifactType == CosignPayload.referrerArtifactType }
    }

    @Test func aPlatformPickedOutOfASignedIndexVerifiesAcrossTheGap() async throws {
        let source = try await SignatureCommandTests.Source.start()
        defer { source.stop() }
        let (low, high, hosts, key) = (source.server.host, source.target.host, source.hosts, source.key)
        let byReferrer = try await pushSignedIndex("team/multi", seed: 950, store: .referrer, source: source)
        let byTag = try await pushSignedIndex("team/multitag", seed: 952, store: .tag, source: source)
        _ = try await pushSignedIndex("team/multibare", seed: 954, store: nil, source: source)
        let signed = try write("\(source.line("team/multi"))\n\(source.line("team/multitag"))\n", name: "signed.list")
        let mixed = try write("\(source.line("team/multi"))\n\(source.line("team/multibare"))\n", name: "mixed.list")
        let map = try write("\(low)/,\(high)/high/\n", name: "map.csv")

        // One platform of each: the index is what was signed, and it is not in the set.
        for (list, tag) in [(signed, "signed"), (mixed, "mixed")] {
            let gathered = try FerryBinary.run(["gather", "-q", "-p", "linux/arm64", list, "\(low)/gather:\(tag)"], plainHosts: hosts)
            #expect(gathered.status == 0, "\(gathered.stderr)")
            let stream = files.directory.appendingPathComponent("\(tag).tar").path
            let serialized = try FerryBinary.run(["serialize", "-q", "\(low)/gather:\(tag)", stream], plainHosts: hosts)
            #expect(serialized.status == 0, "\(serialized.stderr)")
            let deserialized = try FerryBinary.run(["deserialize", "-q", stream, "\(high)/far:\(tag)"], plainHosts: hosts)
            #expect(deserialized.status == 0, "\(deserialized.stderr)")
        }

        let far = try FerryBinary.run(["scatter", "--verify-signatures", key, "\(high)/far:signed", "first-prefix=\(map)"], plainHosts: hosts)
        #expect(far.status == 0, "\(far.stderr)")
        #expect(far.stderr.contains("signatures: 2 image(s) verified"), "\(far.stderr)")
        // The signatures went with the images (as referrers of the signed index, `.sig` tag or not).
        #expect(try await signatureReferrers(source, "high/team/multi", of: byReferrer.digest).count == 1)
        #expect(try await signatureReferrers(source, "high/team/multitag", of: byTag.digest).count == 1)

        let refused = try FerryBinary.run(["scatter", "--verify-signatures", key, "\(high)/far:mixed", "first-prefix=\(map)"], plainHosts: hosts)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("refused 1 image(s) (1 verified)"), "\(refused.stderr)")
        #expect(refused.stderr.contains("\(source.line("team/multibare")) (sha256:"), "\(refused.stderr)")
        #expect(refused.stderr.contains("no signature found"), "\(refused.stderr)")
    }

    @Test func aSigTagSignedImageVerifiesAfterArchiveAndUnarchive() async throws {
        let source = try await SignatureCommandTests.Source.start()
        defer { source.stop() }
        let (low, high, hosts, key) = (source.server.host, source.target.host, source.hosts, source.key)
        let signed = try write("\(source.line("team/app"))\n\(source.line("team/tool"))\n", name: "signed.list")
        let mixed = try write("\(source.line("team/app"))\n\(source.line("team/bare"))\n", name: "mixed.list")
        let map = try write("\(low)/,\(high)/high/\n", name: "map.csv")
        let app = source.images["team/app"]!.manifest.digest

        // gather → serialize → deserialize → scatter: team/app's `.sig` tag travels as a referrer.
        let gathered = try FerryBinary.run(["gather", "-q", signed, "\(low)/gather:sync"], plainHosts: hosts)
        #expect(gathered.status == 0, "\(gathered.stderr)")
        let stream = files.directory.appendingPathComponent("sync.tar").path
        #expect(try FerryBinary.run(["serialize", "-q", "\(low)/gather:sync", stream], plainHosts: hosts).status == 0)
        #expect(try FerryBinary.run(["deserialize", "-q", stream, "\(high)/far:sync"], plainHosts: hosts).status == 0)
        let far = try FerryBinary.run(["scatter", "--verify-signatures", key, "\(high)/far:sync", "first-prefix=\(map)"], plainHosts: hosts)
        #expect(far.status == 0, "\(far.stderr)")
        #expect(far.stderr.contains("signatures: 2 image(s) verified"), "\(far.stderr)")
        #expect(try await signatureReferrers(source, "high/team/app", of: app).count == 1)

        // archive → unarchive --verify-signatures, through the local stores.
        let cache = ["XDG_CACHE_HOME": files.directory.appendingPathComponent("cache").path]
        for (list, name) in [(signed, "signed"), (mixed, "mixed")] {
            let archived = try FerryBinary.run(["archive", "-q", list, files.directory.appendingPathComponent("\(name).tar").path],
                                               plainHosts: hosts, environment: cache)
            #expect(archived.status == 0, "\(archived.stderr)")
        }
        let farCache = ["XDG_CACHE_HOME": files.directory.appendingPathComponent("far-cache").path]
        let unarchived = try FerryBinary.run(["unarchive", "--verify-signatures", key, files.directory.appendingPathComponent("signed.tar").path,
                                              "first-prefix=\(map)"], plainHosts: hosts, environment: farCache)
        #expect(unarchived.status == 0, "\(unarchived.stderr)")
        #expect(unarchived.stderr.contains("signatures: 2 image(s) verified"), "\(unarchived.stderr)")
        let refused = try FerryBinary.run(["unarchive", "--verify-signatures", key, "--reference", "mixed",
                                           files.directory.appendingPathComponent("mixed.tar").path, "first-prefix=\(map)"],
                                          plainHosts: hosts, environment: farCache)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("refused 1 image(s) (1 verified)"), "\(refused.stderr)")
        #expect(refused.stderr.contains("\(source.line("team/bare")) (\(source.images["team/bare"]!.manifest.digest)): no signature found"),
                "\(refused.stderr)")
        // A dry run stores nothing to read signatures back from: a usage error, before the stream is read.
        let dry = try FerryBinary.run(["unarchive", "--dry-run", "--verify-signatures", key, "missing.tar", "first-prefix=\(map)"],
                                      plainHosts: hosts, environment: farCache)
        #expect(dry.status == 2)
        #expect(dry.stderr.contains("--verify-signatures needs the stream in the local store"), "\(dry.stderr)")
    }

    @Test func cloneCarriesASigTagSignatureAsAReferrer() async throws {
        let source = try await SignatureCommandTests.Source.start()
        defer { source.stop() }
        let (low, high, hosts, key) = (source.server.host, source.target.host, source.hosts, source.key)
        let byTag = try await pushSignedIndex("team/multitag", seed: 956, store: .tag, source: source)
        let list = try write("\(source.line("team/app"))\n\(source.line("team/multitag"))\n", name: "signed.list")
        let map = try write("\(low)/,\(high)/high/\n", name: "map.csv")
        let cloned = try FerryBinary.run(["clone", "--verify-signatures", key, "-p", "linux/amd64", list, "first-prefix=\(map)"], plainHosts: hosts)
        #expect(cloned.status == 0, "\(cloned.stderr)")
        #expect(try await signatureReferrers(source, "high/team/app", of: source.images["team/app"]!.manifest.digest).count == 1)
        #expect(try await signatureReferrers(source, "high/team/multitag", of: byTag.digest).count == 1)
        // What clone placed verifies as a source of its own.
        let again = try write("\(high)/high/team/app:1\n", name: "again.list")
        let reverified = try FerryBinary.run(["gather", "--verify-signatures", key, "--dry-run", again, "\(high)/gather:x"], plainHosts: hosts)
        #expect(reverified.status == 1, "the payload names the source repository, not the clone's")
        #expect(reverified.stderr.contains("signature payload names another repository"), "\(reverified.stderr)")
    }
}
