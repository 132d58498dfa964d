import ClientTestSupport
import Foundation
import OCI
import Registry
import Testing
import TestSupport

/// The air-gap loop with receipts, through the built binary and two real registries: gather,
/// serialize with a receipt, verify (sound, then one byte damaged), deserialize with the far
/// side's receipt, then an incremental stream that leaves out what the far side has.
@Suite struct ReceiptRoundTripTests {
    /// The images on the low side: a single image with a signature, and a two-platform index.
    struct LowSide {
        let registry: RegistryServer
        var digests: [String: Digest] = [:]

        init(_ registry: RegistryServer) async throws {
            self.registry = registry
            let client = makeClient(host: registry.host)
            let alpha = try TestImage(layerSizes: [40_000, 3000], seed: 910)
            try await alpha.push(client, to: Repository(registry: registry.host, name: "alpha"), tag: "1")
            let signature = try TestImage(layerSizes: [200], seed: 911, subject: alpha.manifest.descriptor,
                                          artifactType: "application/vnd.example.signature")
            try await signature.push(client, to: Repository(registry: registry.host, name: "alpha"), tag: nil)
            let amd = try TestImage(layerSizes: [30_000], seed: 912), arm = try TestImage(layerSizes: [30_000], seed: 913)
            let beta = Repository(registry: registry.host, name: "beta")
            try await amd.push(client, to: beta, tag: nil)
            try await arm.push(client, to: beta, tag: nil)
            let index = try makeIndex([(amd, Platform(os: "linux", architecture: "amd64")), (arm, Platform(os: "linux", architecture: "arm64", variant: "v8"))])
            try await client.pushManifest(index, to: beta, tag: "2")
            let gamma = try TestImage(layerSizes: [5000], seed: 914)
            try await gamma.push(client, to: Repository(registry: registry.host, name: "gamma"), tag: "3")
            digests = ["alpha": alpha.manifest.digest, "beta": index.digest, "gamma": gamma.manifest.digest]
        }
    }

    @Test func receiptsCarryOnlyTheDifferenceAndVerifyCatchesDamage() async throws {
        let low = try await RegistryServer.start(.plain)
        defer { low.stop() }
        let high = try await RegistryServer.start(.plain)
        defer { high.stop() }
        let images = try await LowSide(low)
        let work = try TestTools.makeTempDirectory("ferry-receipts")
        defer { try? FileManager.default.removeItem(at: work) }
        func path(_ name: String) -> String { work.appendingPathComponent(name).path }
        func ferry(_ arguments: [String]) throws -> TestTools.Result {
            try FerryBinary.run(arguments, plainHosts: [low.host, high.host])
        }
        func gather(_ references: [String], as tag: String) throws {
            try Data(references.map { "\(low.host)/\($0)\n" }.joined().utf8).write(to: URL(fileURLWithPath: path("\(tag).list")))
            let result = try ferry(["gather", "-q", path("\(tag).list"), "\(low.host)/data:\(tag)"])
            #expect(result.status == 0, "\(result.stderr)")
        }

        // Gather and serialize with a receipt; the stream verifies against it.
        try gather(["alpha:1", "beta:2"], as: "sync-1")
        let first = try ferry(["serialize", "-q", "-b", "4KiB", "\(low.host)/data:sync-1", path("s1.tar"), "--receipt", path("s1.json")])
        #expect(first.status == 0, "\(first.stderr)")
        let written = try Self.receipt(path("s1.json"))
        let streamBytes = try Data(contentsOf: URL(fileURLWithPath: path("s1.tar")))
        #expect(written["kind"] as? String == "serialize" && written["receiptVersion"] as? Int == 1)
        let stream = try #require(written["stream"] as? [String: Any])
        #expect(stream["sha256"] as? String == Digest.sha256(of: streamBytes).description)
        #expect(stream["size"] as? Int == streamBytes.count)
        let sound = try ferry(["verify", path("s1.tar"), "--receipt", path("s1.json")])
        #expect(sound.status == 0 && sound.stdout.hasPrefix("ok: ") && sound.stdout.contains("matches its receipt"), "\(sound.stdout)\(sound.stderr)")

        // One byte of a layer changed: verify names that blob, with and without the receipt.
        let entries = try #require(written["entries"] as? [[String: Any]])
        let layer = try #require(entries.first { ($0["size"] as? Int) == 40_000 })
        let layerPath = try #require(layer["path"] as? String)
        let end = try #require(layer["end"] as? Int)
        var damaged = streamBytes
        damaged[end - 40_448 + 100] ^= 0x01  // data starts at end - size rounded up to 512
        try damaged.write(to: URL(fileURLWithPath: path("bad.tar")))
        let bad = try ferry(["verify", path("bad.tar")])
        #expect(bad.status == 1 && bad.stdout.contains("bad: \(layerPath): content does not match its name"), "\(bad.stdout)\(bad.stderr)")
        #expect(bad.stderr.contains("problem"), "\(bad.stderr)")
        let badAgainstReceipt = try ferry(["verify", path("bad.tar"), "--receipt", path("s1.json")])
        #expect(badAgainstReceipt.status == 1 && badAgainstReceipt.stdout.contains("bad: stream: sha256: receipt"), "\(badAgainstReceipt.stdout)")

        // Into the far registry, with the far side's receipt.
        let far = try ferry(["deserialize", "-q", path("s1.tar"), "\(high.host)/data:sync-1", "--receipt", path("far1.json")])
        #expect(far.status == 0, "\(far.stderr)")
        let farReceipt = try Self.receipt(path("far1.json"))
        #expect(farReceipt["kind"] as? String == "deserialize" && farReceipt["target"] as? String == "\(high.host)/data:sync-1")
        let farBlobs = Set(try #require(farReceipt["blobs"] as? [[String: Any]]).compactMap { $0["digest"] as? String })
        for entry in entries { if let digest = Self.digest(ofEntry: entry) { #expect(farBlobs.contains(digest), "\(digest) not in far receipt") } }

        // The set grows; the next stream carries only what the far side lacks.
        try gather(["alpha:1", "beta:2", "gamma:3"], as: "sync-2")
        let second = try ferry(["serialize", "-q", "-b", "4KiB", "\(low.host)/data:sync-2", path("s2.tar"),
                                "--existing-from-receipt", path("far1.json"), "--receipt", path("s2.json")])
        #expect(second.status == 0, "\(second.stderr)")
        let secondSize = try #require(try FileManager.default.attributesOfItem(atPath: path("s2.tar"))[.size] as? NSNumber).intValue
        #expect(secondSize < streamBytes.count / 2, "\(secondSize) vs \(streamBytes.count)")
        let secondReceipt = try Self.receipt(path("s2.json"))
        let secondEntries = try #require(secondReceipt["entries"] as? [[String: Any]])
        let farLayers = Set(try #require(farReceipt["blobs"] as? [[String: Any]])
            .filter { !MediaType.isManifest($0["mediaType"] as? String ?? "") }.compactMap { $0["digest"] as? String })
        let carried = Set(secondEntries.compactMap(Self.digest(ofEntry:)))
        #expect(carried.isDisjoint(with: farLayers), "\(carried.intersection(farLayers))")
        #expect(!(secondReceipt["leftOut"] as? [Any] ?? []).isEmpty)
        #expect(try ferry(["verify", path("s2.tar"), "--receipt", path("s2.json")]).status == 0)
        let alone = try ferry(["verify", path("s2.tar")])
        #expect(alone.status == 1 && alone.stdout.contains("missing"), "\(alone.stdout)")
        #expect(try ferry(["verify", path("s2.tar"), "--existing-from-receipt", path("far1.json")]).status == 0)

        let farAgain = try ferry(["deserialize", "-q", path("s2.tar"), "\(high.host)/data:sync-2"])
        #expect(farAgain.status == 0, "\(farAgain.stderr)")
        for (name, digest) in images.digests {
            let reference = "docker://\(high.host)/data@\(digest)"
            let inspect = try TestTools.run("skopeo", ["inspect", "--tls-verify=false", "--raw", reference])
            #expect(inspect.status == 0 && Digest.sha256(of: Data(inspect.stdout.utf8)) == digest, "\(name): \(inspect.stderr)")
            let copy = try TestTools.run("skopeo", ["copy", "--all", "--src-tls-verify=false", reference, "oci:\(path("copy-\(name)")):x"])
            #expect(copy.status == 0, "\(name): \(copy.stderr)")
        }

        // Into another repository the left-out blobs are missing, unless mounted from the one the
        // far receipt names.
        let nowhere = try ferry(["deserialize", "-q", path("s2.tar"), "\(high.host)/nowhere:sync-2"])
        #expect(nowhere.status == 1 && nowhere.stderr.contains("missing"), "\(nowhere.stderr)")
        let elsewhere = try ferry(["deserialize", "-q", path("s2.tar"), "\(high.host)/elsewhere:sync-2", "--existing-from-receipt", path("far1.json")])
        #expect(elsewhere.status == 0, "\(elsewhere.stderr)")
        for (name, digest) in images.digests {
            let copy = try TestTools.run("skopeo", ["copy", "--all", "--src-tls-verify=false", "docker://\(high.host)/elsewhere@\(digest)",
                                                    "oci:\(path("elsewhere-\(name)")):x"])
            #expect(copy.status == 0, "\(name): \(copy.stderr)")
        }

        // A compressed stream's receipt covers the bytes after compression, padding included.
        let zstd = try ferry(["serialize", "-q", "-b", "4KiB", "--compression", "zstd", "\(low.host)/data:sync-1", path("z.tar"), "--receipt", path("z.json")])
        #expect(zstd.status == 0, "\(zstd.stderr)")
        let zstdStream = try #require(try Self.receipt(path("z.json"))["stream"] as? [String: Any])
        #expect(zstdStream["sha256"] as? String == Digest.sha256(of: try Data(contentsOf: URL(fileURLWithPath: path("z.tar")))).description)
        #expect(try ferry(["verify", path("z.tar"), "--receipt", path("z.json")]).status == 0)

        // Receipts of the wrong kind, changed, newer, or of another set.
        let serializeKind = try ferry(["serialize", "-q", "\(low.host)/data:sync-2", path("x.tar"), "--existing-from-receipt", path("s1.json")])
        #expect(serializeKind.status == 1 && serializeKind.stderr.contains("is a serialize receipt; this needs a deserialize receipt"), "\(serializeKind.stderr)")
        let farText = try String(contentsOfFile: path("far1.json"), encoding: .utf8)
        try farText.replacingOccurrences(of: "data:sync-1", with: "data:sync-9").write(toFile: path("changed.json"), atomically: true, encoding: .utf8)
        let changed = try ferry(["serialize", "-q", "\(low.host)/data:sync-2", path("x.tar"), "--existing-from-receipt", path("changed.json")])
        #expect(changed.status == 1 && changed.stderr.contains("does not match its own sha256"), "\(changed.stderr)")
        try farText.replacingOccurrences(of: "\"receiptVersion\" : 1", with: "\"receiptVersion\" : 2").write(toFile: path("newer.json"), atomically: true, encoding: .utf8)
        let newer = try ferry(["verify", path("s2.tar"), "--existing-from-receipt", path("newer.json")])
        #expect(newer.status == 1 && newer.stderr.contains("receiptVersion 2"), "\(newer.stderr)")
        let otherSet = try ferry(["serialize", "-q", "\(low.host)/gamma:3", path("x.tar"), "--existing-from-receipt", path("far1.json")])
        #expect(otherSet.status == 0 && otherSet.stderr.contains("shares no image with this set"), "\(otherSet.stderr)")
        let wrongForVerify = try ferry(["verify", path("s1.tar"), "--receipt", path("far1.json")])
        #expect(wrongForVerify.status == 1 && wrongForVerify.stderr.contains("is a deserialize receipt"), "\(wrongForVerify.stderr)")
        let mixed = try ferry(["serialize", "-q", "\(low.host)/data:sync-2", "-", "--receipt", "-"])
        #expect(mixed.status == 2 && mixed.stderr.contains("--receipt -"), "\(mixed.stderr)")

        // ls reads the same set from the stream, the far registry and a layout, alike.
        let fromStream = try ferry(["ls", path("s1.tar"), "-o", "csv"])
        #expect(fromStream.status == 0, "\(fromStream.stderr)")
        let lines = fromStream.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "reference,digest,media type,platforms,size,referrers")
        let alphaLine = try #require(lines.first { $0.hasPrefix("\(low.host)/alpha:1,") })
        #expect(alphaLine.contains(",\(images.digests["alpha"]?.description ?? ""),\(MediaType.ociManifest),linux/amd64,") && alphaLine.hasSuffix(",1"), "\(alphaLine)")
        let betaLine = try #require(lines.first { $0.hasPrefix("\(low.host)/beta:2,") })
        #expect(betaLine.contains(",linux/amd64 linux/arm64/v8,"), "\(betaLine)")
        let fromRegistry = try ferry(["ls", "\(high.host)/data:sync-1", "-o", "csv"])
        #expect(fromRegistry.stdout == fromStream.stdout, "\(fromRegistry.stdout)\(fromRegistry.stderr)")
        let fromLow = try ferry(["ls", "\(low.host)/data:sync-1", "-o", "csv"])
        #expect(fromLow.stdout == fromStream.stdout, "\(fromLow.stdout)\(fromLow.stderr)")
    }

    static func receipt(_ path: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// The digest a receipt entry's `blobs/…` path names; nil for other entries.
    static func digest(ofEntry entry: [String: Any]) -> String? {
        guard let path = entry["path"] as? String, path.hasPrefix("blobs/sha256/") else { return nil }
        return "sha256:" + path.dropFirst("blobs/sha256/".count)
    }
}
