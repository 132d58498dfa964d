import ClientTestSupport
import Deserialize
import Foundation
import OCI
import Serialize
import Store
import TarStream
import TestSupport
import Testing

@Suite struct DeserializerTests {
    /// Every manifest and blob of the fixture is in `target`, and the root is tagged there.
    static func expectComplete(_ fixture: StreamFixture, in target: LayoutContent) throws {
        for digest in fixture.digests { #expect(target.layout.hasBlob(digest), "\(digest) missing") }
        #expect(try target.layout.resolve(tag: target.tag).digest == fixture.root.digest)
    }

    static func rootTagged(_ target: LayoutContent) -> Bool {
        (try? target.layout.resolve(tag: target.tag)) != nil
    }

    @Test func roundTripIntoALayout() async throws {
        let fixture = try await StreamFixture.make()
        let target = try fixture.target()
        let summary = try await deserialize(fixture.stream, into: target).get()
        try Self.expectComplete(fixture, in: target)
        #expect(summary.blobsPushed == fixture.digests.count)
        #expect(summary.root == fixture.root.digest.description)
    }

    @Test(arguments: [StreamCompression.gzip, .zstd])
    func compressedStreams(_ compression: StreamCompression) async throws {
        let fixture = try await StreamFixture.make(compression: compression)
        let target = try fixture.target()
        _ = try await deserialize(fixture.stream, into: target).get()
        try Self.expectComplete(fixture, in: target)
    }

    @Test func aceDTLayoutOutOfOrder() async throws {
        let fixture = try await StreamFixture.make()
        let handMade = fixture.path("shuffled.tar")
        try HandMadeTar.write(from: fixture.source.root, to: handMade)
        // The source layout's index.json lists the root tagged "set" and the untagged signature.
        let target = try fixture.target(tag: "set")
        _ = try await deserialize(handMade, into: target).get()
        try Self.expectComplete(fixture, in: target)
    }

    /// A flipped byte in a blob held in memory (small) or streamed to the target (over 4 MiB).
    @Test(arguments: [(false, 4000, 10), (true, 5 << 20, 3 << 20)])
    func corruptBlobIsCountedAndRootNotPushed(_ big: Bool, _ size: Int, _ at: Int) async throws {
        let fixture = try await StreamFixture.make(bigLayer: big)
        let layer = try #require(fixture.blobs.first { $0.data.count == size })
        let corrupt = try fixture.variant("corrupt.tar") { data in
            data[try #require(data.range(of: layer.data.prefix(64))).lowerBound + at] ^= 0xFF
        }
        let target = try fixture.target()
        let text = try #require(await deserialize(corrupt, into: target).failureText)
        #expect(text.contains("1 blob corrupt"), "\(text)")
        #expect(!target.layout.hasBlob(layer.descriptor.digest))
        #expect(!Self.rootTagged(target))
    }

    @Test func truncatedStreamNamesMissingBlobsAndRerunPushesOnlyTheRest() async throws {
        let fixture = try await StreamFixture.make()
        let cut = try fixture.variant("cut.tar") { data in data = data.prefix(data.count / 2) }
        let target = try fixture.target()
        let first = await deserialize(cut, into: target)
        let text = try #require(first.failureText)
        #expect(text.contains("missing"), "\(text)")
        #expect(text.contains("truncated"), "\(text)")
        #expect(!Self.rootTagged(target))
        let stored = fixture.digests.filter { target.layout.hasBlob($0) }
        #expect(!stored.isEmpty && stored.count < fixture.digests.count)
        let rerun = try await deserialize(fixture.stream, into: target).get()
        try Self.expectComplete(fixture, in: target)
        // Manifests are counted as taken in (they wait in the spool), not as found in the target.
        let storedManifests = stored.filter { digest in fixture.manifests.contains { $0.digest == digest } || digest == fixture.root.digest }
        #expect(rerun.blobsExisting == stored.count - storedManifests.count)
        #expect(rerun.blobsPushed == fixture.digests.count - stored.count + storedManifests.count)
    }

    @Test func dryRunVerifiesAndPushesNothing() async throws {
        let fixture = try await StreamFixture.make()
        let target = try fixture.target()
        _ = try await deserialize(fixture.stream, into: target, dryRun: true).get()
        #expect(fixture.digests.allSatisfy { !target.layout.hasBlob($0) })
        #expect(!Self.rootTagged(target))
        let corrupt = try fixture.variant("corrupt.tar") { data in
            let layer = try #require(fixture.blobs.first { $0.data.count == 2500 })
            data[try #require(data.range(of: layer.data.prefix(64))).lowerBound] ^= 1
        }
        #expect(await deserialize(corrupt, into: target, dryRun: true).failureText?.contains("corrupt") == true)
    }

    @Test func strictFailsOnAnUnknownEntry() async throws {
        let fixture = try await StreamFixture.make()
        let extra = fixture.path("extra.tar")
        try HandMadeTar.write(from: fixture.source.root, to: extra, shuffled: false, extra: #"add(t, "README", b"hello")"#)
        let text = try #require(await deserialize(extra, into: try fixture.target("strict", tag: "set"), strict: true).failureText)
        #expect(text.contains("README"), "\(text)")
        let relaxed = try fixture.target("relaxed", tag: "set")
        _ = try await deserialize(extra, into: relaxed).get()
        try Self.expectComplete(fixture, in: relaxed)
    }

    /// ace-dt's strict order: oci-layout, index.json, blobs, at most two index.json; ferry also
    /// takes manifest.json after the closing index.json.
    @Test(arguments: [
        (["oci-layout", "index.json", "*", "index.json", "manifest.json"], nil),
        (["oci-layout", "index.json", "index.json", "*"], nil),
        (["index.json", "oci-layout", "*"], "index.json must follow oci-layout"),
        (["oci-layout", "*", "index.json"], "blobs come only after oci-layout and index.json"),
        (["oci-layout", "index.json", "*", "oci-layout"], "oci-layout must be the first entry"),
        (["oci-layout", "index.json", "*", "index.json", "index.json"], "this is the third"),
        (["oci-layout", "index.json", "manifest.json", "*"], "manifest.json comes only after the closing index.json"),
    ] as [([String], String?)])
    func strictHoldsTheStreamToAceDTsEntryOrder(order: [String], refusal: String?) async throws {
        let fixture = try await StreamFixture.make()
        try Data("[]".utf8).write(to: fixture.source.root.appendingPathComponent("manifest.json"))
        let stream = fixture.path("ordered.tar")
        try HandMadeTar.write(from: fixture.source.root, to: stream, order: order)
        let result = await deserialize(stream, into: try fixture.target("strict", tag: "set"), strict: true)
        if let refusal {
            let text = try #require(result.failureText)
            #expect(text.contains("out of order") && text.contains(refusal), "\(text)")
            _ = try await deserialize(stream, into: try fixture.target("relaxed", tag: "set")).get()
        } else {
            _ = try result.get()
        }
    }

    @Test func strictTakesFerrysOwnStream() async throws {
        let fixture = try await StreamFixture.make()
        let target = try fixture.target("strict", tag: "set")
        _ = try await deserialize(fixture.stream, into: target, strict: true).get()
        try Self.expectComplete(fixture, in: target)
    }

    @Test func oldTapeThenNewStreamFromItsCheckpointGiveEveryImage() async throws {
        let fixture = try await StreamFixture.make(checkpoint: true)
        let records = try CheckpointLedger.load(fixture.path("cp.jsonl"))
        let goodBytes = records[4].offset + 1000  // the old medium died inside the sixth entry
        let oldTape = try fixture.variant("old.tar") { data in data = data.prefix(Int(goodBytes)) }
        var options = SerializeOptions()
        options.blockSize = 4096
        options.existingCheckpoints = [ExistingCheckpoint(path: fixture.path("cp.jsonl"), offset: goodBytes)]
        let newTape = fixture.path("new.tar")
        let summary = try await Serializer(source: LayoutContent(layout: fixture.source, tag: "set"), reference: "set", options: options).run(to: newTape)
        #expect(summary.skippedBlobs == 5)
        let target = try fixture.target()
        #expect(await deserialize(oldTape, into: target).failureText?.contains("missing") == true)
        _ = try await deserialize(newTape, into: target).get()
        try Self.expectComplete(fixture, in: target)
    }

    @Test(arguments: [
        ("absolute", #"add(t, "/tmp/evil", b"x")"#, "absolute path"),
        ("dotdot", #"add(t, "blobs/../../evil", b"x")"#, "\"..\""),
        ("symlink", #"add(t, "blobs/sha256/link", b"", type=tarfile.SYMTYPE, linkname="/etc/passwd")"#, "symbolic link"),
        ("hardlink", #"add(t, "blobs/sha256/hard", b"", type=tarfile.LNKTYPE, linkname="oci-layout")"#, "hard link"),
        ("device", #"add(t, "blobs/sha256/dev", b"", type=tarfile.CHRTYPE, devmajor=1, devminor=3)"#, "character device"),
    ])
    func hostileEntriesAreRefused(_ name: String, _ statement: String, _ reason: String) async throws {
        let fixture = try await StreamFixture.make(seed: 40)
        let hostile = fixture.path("\(name).tar")
        try HandMadeTar.write(from: fixture.source.root, to: hostile, shuffled: false, extra: statement)
        let text = try #require(await deserialize(hostile, into: try fixture.target(tag: "set")).failureText)
        #expect(text.contains("refused tar entry"), "\(text)")
        #expect(text.contains(reason), "\(text)")
        #expect(!text.contains("()"), "\(text)")
    }
}
