import ClientTestSupport
import Deserialize
import Foundation
import OCI
import Registry
import Serialize
import Store
import Streams
import TestSupport
import Testing

/// Registry → stream → another registry, checked with skopeo (an independent client).
@Suite(.serialized) struct RegistryRoundTripTests {
    /// Pushes the fixture's images, signature and index to `registry` as a gather result would be.
    static func push(_ fixture: StreamFixture, to client: RegistryClient, _ repository: Repository) async throws {
        for blob in fixture.blobs {
            let data = blob.data
            try await client.pushBlob(blob.descriptor, to: repository) { offset in DataSource(data.subdata(in: Int(offset)..<data.count)) }
        }
        for manifest in fixture.manifests.dropFirst() { _ = try await client.pushManifest(manifest, to: repository) }
        _ = try await client.pushManifest(fixture.root, to: repository, tag: "set")
    }

    @Test func everyDigestArrivesAndReferrersFollow() async throws {
        let source = try await RegistryServer.start(.plain)
        let target = try await RegistryServer.start(.plain)
        defer { source.stop(); target.stop() }
        let client = makeClient(hosts: [source.host, target.host])
        let fixture = try await StreamFixture.make(seed: 60)
        try await Self.push(fixture, to: client, Repository(registry: source.host, name: "gathered"))
        let stream = fixture.path("registry.tar")
        var options = SerializeOptions()
        options.blockSize = 8192
        let from = RegistryContent(client: client, reference: try Reference(parsing: "\(source.host)/gathered:set"))
        let serialized = try await Serializer(source: from, reference: "\(source.host)/gathered:set", options: options).run(to: stream)
        #expect(serialized.blobs == fixture.digests.count)

        let destination = try Reference(parsing: "\(target.host)/copied/set:v1")
        _ = try await deserialize(stream, into: RegistryContent(client: client, reference: destination)).get()
        #expect(try skopeoRawManifest("\(target.host)/copied/set:v1") == fixture.root.bytes)
        for manifest in fixture.manifests {
            #expect(try skopeoRawManifest("\(target.host)/copied/set@\(manifest.digest)") == manifest.bytes)
        }
        let repository = Repository(registry: target.host, name: "copied/set")
        for blob in fixture.blobs { #expect(try await client.blobExists(repository, digest: blob.descriptor.digest)) }
        let signed = try #require(fixture.manifests.first { $0.subject != nil }?.subject)
        let referrers = try await client.referrers(repository, digest: signed.digest)
        // The signature is pushed as a manifest, so a registry without the referrers API gets its tag.
        #expect(referrers.contains { $0.digest == fixture.manifests[3].digest })
    }

    @Test func corruptBigBlobIsNotPushedNorAnyManifestAboveIt() async throws {
        let target = try await RegistryServer.start(.plain)
        defer { target.stop() }
        let client = makeClient(host: target.host)
        let fixture = try await StreamFixture.make(seed: 61, bigLayer: true)
        let layer = try #require(fixture.blobs.first { $0.data.count == 5 << 20 })
        let corrupt = try fixture.variant("corrupt.tar") { data in
            data[try #require(data.range(of: layer.data.prefix(64))).lowerBound + 4096] ^= 0x01
        }
        let destination = try Reference(parsing: "\(target.host)/copied/set:v1")
        let text = try #require(await deserialize(corrupt, into: RegistryContent(client: client, reference: destination)).failureText)
        #expect(text.contains("1 blob corrupt"), "\(text)")
        let repository = Repository(registry: target.host, name: "copied/set")
        #expect(try await !client.blobExists(repository, digest: layer.descriptor.digest))
        #expect(throws: (any Error).self) { try skopeoRawManifest("\(target.host)/copied/set:v1") }
        // The amd64 manifest above the bad layer must not be readable, not even by digest: manifests
        // wait in the local spool, never stored as blobs, until their content is complete.
        #expect(throws: (any Error).self) { try skopeoRawManifest("\(target.host)/copied/set@\(fixture.manifests[1].digest)") }
    }

    /// Large blobs wait on disk so several upload at once; streamed (no spool) or spooled, the
    /// registry ends with the same content, and the run leaves no spool behind. A run directory
    /// whose lock is free (its run is gone) is cleared; a locked one, or a fresh one without a
    /// lock yet, is not.
    @Test func spooledAndStreamedLargeBlobsArriveAlike() async throws {
        let target = try await RegistryServer.start(.plain)
        defer { target.stop() }
        let client = makeClient(host: target.host)
        let fixture = try await StreamFixture.make(seed: 62, bigLayer: true)
        let stream = fixture.stream
        let spool = URL(fileURLWithPath: fixture.path("spool"))
        for name in ["run-gone", "run-live", "run-starting"] {
            try FileManager.default.createDirectory(at: spool.appendingPathComponent(name), withIntermediateDirectories: true)
        }
        for name in ["run-gone", "run-live"] {
            _ = FileManager.default.createFile(atPath: spool.appendingPathComponent("\(name)/.lock").path, contents: nil)
        }
        let held = open(spool.appendingPathComponent("run-live/.lock").path, O_RDWR)
        try #require(held >= 0 && flock(held, LOCK_EX) == 0)
        defer { close(held) }

        for (name, budget) in [("spooled", Int64(1) << 30), ("streamed", 0)] {
            var options = DeserializeOptions()
            options.spoolDirectory = spool
            options.spoolBytes = budget
            let destination = try Reference(parsing: "\(target.host)/\(name)/set:v1")
            _ = try await Deserializer(target: RegistryContent(client: client, reference: destination), options: options).run(from: stream)
            #expect(try skopeoRawManifest("\(target.host)/\(name)/set:v1") == fixture.root.bytes)
            let repository = Repository(registry: target.host, name: "\(name)/set")
            for blob in fixture.blobs { #expect(try await client.blobExists(repository, digest: blob.descriptor.digest), "\(name)") }
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: spool.path).sorted()
        #expect(left == ["run-live", "run-starting"])
    }

    /// A manifest the registry refuses keeps out only what lists it: the other image and the
    /// signature still go in, and the error names the refused digest.
    @Test func aRefusedManifestKeepsOutOnlyWhatListsIt() async throws {
        let target = try await RegistryServer.start(.plain)
        let proxy = try FaultProxy(upstream: target.host)
        defer { proxy.stop(); target.stop() }
        let client = makeClient(hosts: [proxy.host, target.host])
        let fixture = try await StreamFixture.make(seed: 63)
        let arm64 = fixture.manifests[2]
        proxy.inject(.init(method: "PUT", pathContains: "/manifests/\(arm64.digest)", times: 100,
                           action: .respond(status: 400, headers: ["Content-Type": "application/json"],
                                            body: #"{"errors":[{"code":"MANIFEST_INVALID","message":"manifest invalid"}]}"#)))
        let destination = try Reference(parsing: "\(proxy.host)/copied/set:v1")
        let text = try #require(await deserialize(fixture.stream, into: RegistryContent(client: client, reference: destination)).failureText)
        #expect(text.contains("the target refused 1 manifest") && text.contains(arm64.digest.description), "\(text)")
        for pushed in [fixture.manifests[1], fixture.manifests[3]] {
            #expect(try skopeoRawManifest("\(target.host)/copied/set@\(pushed.digest)") == pushed.bytes)
        }
        #expect(throws: (any Error).self) { try skopeoRawManifest("\(target.host)/copied/set:v1") }
    }
}

