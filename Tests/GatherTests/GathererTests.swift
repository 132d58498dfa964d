import ClientTestSupport
import Config
import Foundation
import Gather
import OCI
import Registry
import Store
import Testing
import TestSupport

/// Gather against real registries: dedup, annotations, sizes, platforms, referrers, failures.
@Suite(.serialized) struct GathererTests {
    /// Two source registries and a target, with images that share a base layer.
    struct World {
        let a: RegistryServer
        let b: RegistryServer
        let target: RegistryServer
        let client: RegistryClient
        func stop() { a.stop(); b.stop(); target.stop() }
    }

    private func world() async throws -> World {
        let a = try await RegistryServer.start(.plain)
        let b = try await RegistryServer.start(.plain)
        let target = try await RegistryServer.start(.plain)
        return World(a: a, b: b, target: target, client: makeClient(hosts: [a.host, b.host, target.host]))
    }

    private func gather(_ world: World, _ list: String, into tag: String = "sync-1", options: GatherOptions = GatherOptions()) async throws -> GatherSummary {
        let entries = try SourcesList.parse(list, file: "sources.list")
        let destination = try Reference(parsing: "\(world.target.host)/gather:\(tag)")
        let gatherer = Gatherer(client: world.client, target: RegistryContent(client: world.client, reference: destination), options: options)
        return try await gatherer.run(entries)
    }

    /// Images app1 and app2 share a base layer; tools (Docker media types) has its own.
    private func publish(_ world: World) async throws -> (TestImage, TestImage, TestImage) {
        let base = TestBlob(bytes: 300_000, seed: 99)
        let app1 = try TestImage(layerSizes: [10_000], seed: 100, baseLayers: [base])
        let app2 = try TestImage(layerSizes: [20_000], seed: 102, baseLayers: [base])
        let tools = try TestImage(layerSizes: [50_000], seed: 101, docker: true)
        try await app1.push(world.client, to: Repository(registry: world.a.host, name: "team/app"), tag: "1")
        try await app2.push(world.client, to: Repository(registry: world.a.host, name: "team/app"), tag: "2")
        try await tools.push(world.client, to: Repository(registry: world.b.host, name: "tools"), tag: "latest")
        return (app1, app2, tools)
    }

    @Test func gathersADeduplicatedAnnotatedSet() async throws {
        let world = try await world()
        defer { world.stop() }
        let (app1, app2, tools) = try await publish(world)
        let list = """
        # team images
        \(world.a.host)/team/app:2, tier=backend
        \(world.b.host)/tools:latest
        \(world.a.host)/team/app:1,tier=backend, owner=alice
        """
        let result = try await gather(world, list)
        #expect(result.images == 3)
        #expect(result.failures.isEmpty)
        guard case .index(let index) = result.index.body else { Issue.record("not an index"); return }
        #expect(index.artifactType == MediaType.gatherArtifactType)
        // Sorted by source as written (registry ports are random, so compute the order).
        let sources = ["\(world.a.host)/team/app:1", "\(world.a.host)/team/app:2", "\(world.b.host)/tools:latest"]
        #expect(index.manifests.compactMap { $0.annotations?[AnnotationKey.manifestSource] } == sources.sorted())
        var bySource: [String: Descriptor] = [:]
        for entry in index.manifests { bySource[entry.annotations?[AnnotationKey.manifestSource] ?? ""] = entry }
        let first = try #require(bySource[sources[0]])
        #expect(first.digest == app1.manifest.digest)
        #expect(first.annotations?[AnnotationKey.refName] == sources[0])
        #expect(first.annotations?[AnnotationKey.labels] == #"{"owner":"alice","tier":"backend"}"#)
        #expect(bySource[sources[1]]?.digest == app2.manifest.digest)
        #expect(bySource[sources[1]]?.annotations?[AnnotationKey.labels] == #"{"tier":"backend"}"#)
        let third = try #require(bySource[sources[2]])
        #expect(third.digest == tools.manifest.digest)
        #expect(third.annotations?[AnnotationKey.labels] == nil)
        #expect(third.mediaType == MediaType.dockerManifest)

        let all = app1.blobs + app2.blobs + tools.blobs
        let total = all.reduce(Int64(0)) { $0 + $1.descriptor.size }
        var unique: [Digest: Int64] = [:]
        for blob in all { unique[blob.descriptor.digest] = blob.descriptor.size }
        #expect(index.annotations?[AnnotationKey.layerSizeTotal] == String(total))
        #expect(index.annotations?[AnnotationKey.layerSizeDeduplicated] == String(unique.values.reduce(0, +)))
        #expect(result.copy.blobsUploaded == unique.count)

        // The shared layer was stored once; skopeo reads the gather index and each image.
        #expect(try skopeoRawManifest("\(world.target.host)/gather:sync-1") == result.index.bytes)
        #expect(try skopeoRawManifest("\(world.target.host)/gather@\(tools.manifest.digest)") == tools.manifest.bytes)
        let uploads = world.target.accessLog().filter { $0.method == "PUT" && $0.path.contains("/blobs/uploads/") }
        #expect(uploads.count == unique.count)
    }

    @Test func regatherMovesNoBlobAndAnAddedImageOnlyItsOwn() async throws {
        let world = try await world()
        defer { world.stop() }
        let (_, app2, _) = try await publish(world)
        let list = "\(world.a.host)/team/app:1\n\(world.b.host)/tools:latest\n"
        _ = try await gather(world, list)
        let before = world.target.accessLog().count

        let again = try await gather(world, list)
        #expect(again.copy.blobsUploaded == 0)
        let requests = world.target.accessLog().dropFirst(before)
        #expect(!requests.contains { $0.path.contains("/blobs/uploads/") })
        #expect(!requests.contains { $0.method == "GET" && $0.path.contains("/blobs/") })

        let more = try await gather(world, list + "\(world.a.host)/team/app:2\n", into: "sync-2")
        // app2 adds its config and its own layer; the shared base is already there.
        #expect(more.copy.blobsUploaded == 2)
        #expect(more.copy.bytesUploaded == app2.config.descriptor.size + app2.layers[1].descriptor.size)
    }

    @Test func regatherAsksOnlyWhatCanChangeAndNoticesEachChange() async throws {
        let world = try await world()
        defer { world.stop() }
        let (app1, _, tools) = try await publish(world)
        let list = "\(world.a.host)/team/app:1\n\(world.b.host)/tools:latest\n"
        _ = try await gather(world, list)
        let before = (a: world.a.accessLog().count, b: world.b.accessLog().count, target: world.target.accessLog().count)

        // Unchanged: each source is asked for its tag, its referrers and its `.sig` tag, the target for each manifest.
        _ = try await gather(world, list)
        let target = world.target.accessLog().dropFirst(before.target)
        #expect(target.allSatisfy { $0.method == "HEAD" })
        #expect(target.filter { $0.path.contains("/manifests/sha256:") }.map(\.path).sorted()
                == [app1.manifest.digest, tools.manifest.digest].map { "/v2/gather/manifests/\($0)" }.sorted())
        #expect(world.a.accessLog().dropFirst(before.a).count == 3)
        #expect(world.b.accessLog().dropFirst(before.b).count == 3)

        // A manifest gone from the target, a tag moved and a signature added in the sources.
        let gathered = Repository(registry: world.target.host, name: "gather")
        try await world.client.deleteManifest(gathered, digest: app1.manifest.digest)
        let newTools = try TestImage(layerSizes: [40_000], seed: 103, docker: true)
        try await newTools.push(world.client, to: Repository(registry: world.b.host, name: "tools"), tag: "latest")
        let signature = try TestImage(layerSizes: [64], seed: 104, subject: app1.manifest.descriptor,
                                      artifactType: "application/vnd.example.sig")
        try await signature.push(world.client, to: Repository(registry: world.a.host, name: "team/app"), tag: nil)

        let again = try await gather(world, list)
        guard case .index(let index) = again.index.body else { Issue.record("not an index"); return }
        #expect(Set(index.manifests.map(\.digest)) == [app1.manifest.digest, newTools.manifest.digest])
        let pinned = try Reference(registry: world.target.host, repository: "gather", digest: app1.manifest.digest)
        #expect(try await world.client.headManifest(pinned) != nil)
        let signatures = try await world.client.referrers(gathered, digest: app1.manifest.digest)
        #expect(signatures.map(\.digest) == [signature.manifest.digest])
    }

    @Test func platformFilterKeepsTheSourceIndex() async throws {
        let world = try await world()
        defer { world.stop() }
        let amd = try TestImage(layerSizes: [1_000], seed: 110)
        let arm = try TestImage(layerSizes: [1_000], seed: 111)
        let repository = Repository(registry: world.a.host, name: "multi")
        try await amd.push(world.client, to: repository, tag: nil)
        try await arm.push(world.client, to: repository, tag: nil)
        let index = try makeIndex([(amd, Platform(os: "linux", architecture: "amd64")),
                                   (arm, Platform(os: "linux", architecture: "arm64", variant: "v8"))])
        try await world.client.pushManifest(index, to: repository, tag: "1")

        let result = try await gather(world, "\(world.a.host)/multi:1\n",
                                      options: GatherOptions(platforms: [try Platform(parsing: "linux/arm64")]))
        guard case .index(let gathered) = result.index.body else { Issue.record("not an index"); return }
        let entry = try #require(gathered.manifests.first)
        #expect(gathered.manifests.count == 1)
        #expect(entry.digest == arm.manifest.digest)
        #expect(entry.platform?.architecture == "arm64")
        let original = try #require(entry.annotations?[AnnotationKey.sourceIndex])
        #expect(Digest.sha256(of: Data(original.utf8)) == index.digest)
        // amd64's blobs were not gathered.
        #expect(try await !world.client.blobExists(Repository(registry: world.target.host, name: "gather"),
                                                   digest: try #require(amd.layers.first).descriptor.digest))

        await #expect(throws: GatherFailure.self) {
            _ = try await gather(world, "\(world.a.host)/multi:1\n", into: "none",
                                 options: GatherOptions(platforms: [try Platform(parsing: "windows/amd64")]))
        }
        // A single-platform image is checked against its config: TestImage configs say linux/amd64.
        try await amd.push(world.client, to: repository, tag: "amd-only")
        let single = try await gather(world, "\(world.a.host)/multi:amd-only\n", into: "single",
                                      options: GatherOptions(platforms: [try Platform(parsing: "linux/amd64")]))
        #expect(single.images == 1)
        // Of another platform, it is left out with a warning, as ace-dt does; the others are gathered.
        let warnings = WarningLog()
        let entries = try SourcesList.parse("\(world.a.host)/multi:amd-only\n\(world.a.host)/multi:1\n", file: "sources.list")
        let mixed = try await Gatherer(
            client: world.client,
            target: RegistryContent(client: world.client, reference: try Reference(parsing: "\(world.target.host)/gather:wrong")),
            options: GatherOptions(platforms: [try Platform(parsing: "linux/arm64")]),
            events: { if case .warning(let text) = $0 { warnings.add(text) } }
        ).run(entries)
        #expect(mixed.images == 1)
        #expect(warnings.lines == ["line 1: \(world.a.host)/multi:amd-only left out: it is linux/amd64, not linux/arm64"])
        await #expect(throws: GatherError.self) {
            _ = try await gather(world, "\(world.a.host)/multi:amd-only\n", into: "none-left",
                                 options: GatherOptions(platforms: [try Platform(parsing: "linux/arm64")]))
        }
    }

    @Test func referrersTravelButAreNotListed() async throws {
        let world = try await world()
        defer { world.stop() }
        let subject = try TestImage(layerSizes: [5_000], seed: 120)
        let repository = Repository(registry: world.a.host, name: "signed")
        try await subject.push(world.client, to: repository, tag: "1")
        let signature = try TestImage(layerSizes: [64], seed: 121, subject: subject.manifest.descriptor, artifactType: "application/vnd.example.sig")
        try await signature.push(world.client, to: repository, tag: nil)

        let result = try await gather(world, "\(world.a.host)/signed:1\n")
        guard case .index(let index) = result.index.body else { Issue.record("not an index"); return }
        #expect(index.manifests.map(\.digest) == [subject.manifest.digest])
        #expect(index.annotations?[AnnotationKey.layerSizeTotal] == String(subject.blobs.reduce(Int64(0)) { $0 + $1.descriptor.size }))
        let found = try await world.client.referrers(Repository(registry: world.target.host, name: "gather"), digest: subject.manifest.digest)
        #expect(found.map(\.digest) == [signature.manifest.digest])
    }

    @Test func failuresStopEverythingOrAreCollected() async throws {
        let world = try await world()
        defer { world.stop() }
        _ = try await publish(world)
        let list = "\(world.a.host)/team/app:1\n\(world.a.host)/team/missing:1\n\(world.b.host)/tools:latest\n"
        do {
            _ = try await gather(world, list)
            Issue.record("expected a failure")
        } catch let failure as GatherFailure {
            #expect(failure.line == 2)
            #expect(failure.reference.contains("team/missing"))
        }
        // Nothing was transferred: the failure was found while resolving.
        #expect(!world.target.accessLog().contains { $0.path.contains("/blobs/uploads/") })

        let partial = try await gather(world, list, options: GatherOptions(continueOnError: true))
        #expect(partial.images == 2)
        #expect(partial.failures.map(\.line) == [2])
    }

    @Test func tagSelectionsExpandThroughTheTagList() async throws {
        let world = try await world()
        defer { world.stop() }
        let image = try TestImage(layerSizes: [100], seed: 130)
        let repository = Repository(registry: world.a.host, name: "versions")
        try await image.push(world.client, to: repository, tag: "1.0")
        for tag in ["1.1", "2.0"] { try await world.client.pushManifest(image.manifest, to: repository, tag: tag) }

        let all = try await gather(world, "\(world.a.host)/versions:*\n", into: "all")
        guard case .index(let allIndex) = all.index.body else { Issue.record("not an index"); return }
        #expect(allIndex.manifests.compactMap { $0.annotations?[AnnotationKey.manifestSource] }
                == ["1.0", "1.1", "2.0"].map { "\(world.a.host)/versions:\($0)" })

        let some = try await gather(world, "\(world.a.host)/versions, tags=/1\\..*/\n", into: "some")
        #expect(some.images == 2)
        // A selection that matches nothing is a failure of its line, not an empty success.
        do {
            _ = try await gather(world, "\(world.a.host)/versions, tags=/9\\..*/\n", into: "none")
            Issue.record("expected a failure")
        } catch let failure as GatherFailure {
            #expect(failure.line == 1)
            #expect(failure.message.contains("matching"))
        }
    }

    @Test func indexFallbackMovesNestedIndexesToTheAnnotation() async throws {
        let world = try await world()
        defer { world.stop() }
        let amd = try TestImage(layerSizes: [1_000], seed: 140)
        let repository = Repository(registry: world.a.host, name: "nested")
        try await amd.push(world.client, to: repository, tag: "image")
        let index = try makeIndex([(amd, Platform(os: "linux", architecture: "amd64"))])
        try await world.client.pushManifest(index, to: repository, tag: "index")

        let result = try await gather(world, "\(world.a.host)/nested:image\n\(world.a.host)/nested:index\n",
                                      options: GatherOptions(indexFallback: true))
        guard case .index(let gathered) = result.index.body else { Issue.record("not an index"); return }
        #expect(gathered.manifests.map(\.digest) == [amd.manifest.digest])
        let extra = try #require(gathered.annotations?[AnnotationKey.extraManifests])
        #expect(extra.contains(index.digest.description))
        #expect(extra.contains(#""vnd.act3-ace.manifest.source":"\#(world.a.host)/nested:index""#))
    }

    @Test func dryRunPlansWithoutWriting() async throws {
        let world = try await world()
        defer { world.stop() }
        let (app1, app2, _) = try await publish(world)
        let entries = try SourcesList.parse("\(world.a.host)/team/app:1\n\(world.a.host)/team/app:2\n", file: "s")
        let destination = try Reference(parsing: "\(world.target.host)/gather:plan")
        let plan = try await Gatherer(client: world.client, target: RegistryContent(client: world.client, reference: destination),
                                      options: GatherOptions()).plan(entries)
        #expect(plan.images.count == 2)
        #expect(plan.blobs == 5)   // two configs, the shared layer, two own layers
        #expect(plan.totalSize == (app1.blobs + app2.blobs).reduce(Int64(0)) { $0 + $1.descriptor.size })
        #expect(plan.blobsPresent == 0)
        #expect(!world.target.accessLog().contains { $0.method != "GET" && $0.method != "HEAD" })
    }

    @Test func artifactsAndReferrersThroughTheAPI() async throws {
        let world = try await world()
        defer { world.stop() }
        let subject = try TestImage(layerSizes: [2_000], seed: 150)
        let repository = Repository(registry: world.a.host, name: "art")
        try await subject.push(world.client, to: repository, tag: "1")
        // An artifact with no layers at all, and an SBOM that refers to the image.
        let bare = try TestImage(layerSizes: [], seed: 151, artifactType: "application/vnd.example.config-only")
        try await bare.push(world.client, to: repository, tag: "bare")
        let sbom = try TestImage(layerSizes: [128], seed: 152, subject: subject.manifest.descriptor, artifactType: "application/spdx+json")
        try await sbom.push(world.client, to: repository, tag: nil)

        // The source is read through a proxy that serves the referrers API from the registry's storage.
        let proxy = try FaultProxy(upstream: world.a.host, storageDirectory: world.a.storageDirectory)
        proxy.servesReferrersAPI = true
        defer { proxy.stop() }
        let client = makeClient(hosts: [proxy.host, world.target.host])
        let entries = try SourcesList.parse("\(proxy.host)/art:1\n\(proxy.host)/art:bare\n", file: "s")
        let destination = try Reference(parsing: "\(world.target.host)/gather:art")
        let result = try await Gatherer(client: client, target: RegistryContent(client: client, reference: destination),
                                        options: GatherOptions()).run(entries)
        #expect(result.images == 2)
        #expect(proxy.seenRequests.contains { $0.contains("/referrers/\(subject.manifest.digest)") })
        let copied = try await world.client.referrers(Repository(registry: world.target.host, name: "gather"), digest: subject.manifest.digest)
        #expect(copied.map(\.digest) == [sbom.manifest.digest])
        #expect(try skopeoRawManifest("\(world.target.host)/gather@\(bare.manifest.digest)") == bare.manifest.bytes)
    }

    /// The gather index is the root a `REPO@DIGEST` destination names; another digest is refused
    /// and nothing is tagged or reported as gathered.
    @Test func aDestinationPinnedToAnotherDigestIsRefused() async throws {
        let world = try await world()
        defer { world.stop() }
        _ = try await publish(world)
        let entries = try SourcesList.parse("\(world.a.host)/team/app:1\n", file: "sources.list")
        let wrong = try Digest("sha256:" + String(repeating: "0", count: 64))
        let destination = try Reference(registry: world.target.host, repository: "gather", digest: wrong)
        let gatherer = Gatherer(client: world.client, target: RegistryContent(client: world.client, reference: destination),
                                options: GatherOptions())
        await #expect(throws: DigestPinMismatch.self) { try await gatherer.run(entries) }
    }
}

/// Warnings a gather reported, in order.
private final class WarningLog: @unchecked Sendable {
    // Invariant: `stored` is only touched with `lock` held.
    private let lock = NSLock()
    private var stored: [String] = []
    func add(_ line: String) { lock.lock(); stored.append(line); lock.unlock() }
    var lines: [String] { lock.lock(); defer { lock.unlock() }; return stored }
}
