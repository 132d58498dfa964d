import ClientTestSupport
import Foundation
import OCI
import Serialize
import Store
import TarStream
import TestSupport
import Testing

/// Runs the serializer on an image set into files of a scratch directory.
struct SerializeRun {
    static let blockSize = 10240

    let set: ImageSet
    let scratch: URL

    init(_ set: ImageSet) throws {
        self.set = set
        scratch = try TestTools.makeTempDirectory("serialize-out")
    }

    func path(_ name: String) -> String { scratch.appendingPathComponent(name).path }

    static func options(_ configure: (inout SerializeOptions) -> Void = { _ in }) -> SerializeOptions {
        var options = SerializeOptions()
        options.blockSize = blockSize
        options.bufferSize = 64 << 10
        options.toolVersion = "test-1"
        configure(&options)
        return options
    }

    @discardableResult
    func run(_ name: String, existing: [any ContentSource] = [], options: SerializeOptions = options()) async throws -> SerializeSummary {
        try await Serializer(source: set.source, reference: ImageSet.tag, existing: existing, options: options).run(to: path(name))
    }

    func bytes(_ name: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path(name))) }

    /// The blob digests of a stream, in entry order.
    func blobDigests(_ name: String) throws -> [Digest] {
        try TarInspection.list(path(name)).filter { $0.name.hasPrefix("blobs/sha256/") }.map { try Digest("sha256:" + $0.name.dropFirst(13)) }
    }
}

@Suite struct SerializerTests {
    @Test func entryOrderModesAndTimesAsFormats() async throws {
        let run = try SerializeRun(try ImageSet.make())
        let summary = try await run.run("s.tar")
        let entries = try TarInspection.list(run.path("s.tar"))
        let blobNames = entries.dropFirst(4).dropLast().map(\.name)
        #expect(entries.map(\.name) == ["oci-layout", "index.json", "blobs", "blobs/sha256"] + blobNames + ["index.json"])
        #expect(blobNames.count == summary.blobs)
        #expect(Set(try run.blobDigests("s.tar")) == run.set.allDigests)
        #expect(try run.blobDigests("s.tar").first == run.set.root.digest)
        #expect(entries.allSatisfy { $0.mtime == 0 })
        #expect(entries.allSatisfy { $0.mode == ($0.isDirectory ? 0o777 : 0o666) })
        #expect(try TarInspection.extract(run.path("s.tar"), name: "oci-layout") == Data(#"{"imageLayoutVersion":"1.0.0"}"#.utf8))
    }

    static func indexText(_ manifests: [String]) -> String {
        """
        {
          "schemaVersion": 2,
          "mediaType": "application/vnd.oci.image.index.v1+json",
          "manifests": [
        \(manifests.joined(separator: ",\n"))
          ],
          "annotations": {
            "vnd.act3-ace.data.layer.size.deduplicated": "\(ImageSet.deduplicated)",
            "vnd.act3-ace.data.serialization.version": "2",
            "vnd.act3-ace.data.version": "test-1"
          }
        }
        """
    }

    @Test func openingIndexJSONBytesAsGoMarshalIndent() async throws {
        let run = try SerializeRun(try ImageSet.make())
        try await run.run("s.tar")
        let root = run.set.root.descriptor
        let entry = """
            {
              "mediaType": "\(root.mediaType)",
              "digest": "\(root.digest)",
              "size": \(root.size),
              "annotations": {
                "org.opencontainers.image.ref.name": "set"
              },
              "artifactType": "\(MediaType.gatherArtifactType)"
            }
        """
        let actual = String(decoding: try TarInspection.extract(run.path("s.tar"), name: "index.json"), as: UTF8.self)
        #expect(actual == Self.indexText([entry]))
    }

    @Test func closingIndexListsEveryManifestInOrderWithParentAnnotations() async throws {
        let set = try ImageSet.make()
        let run = try SerializeRun(set)
        try await run.run("s.tar")
        let data = try TarInspection.extract(run.path("s.tar"), name: "index.json", occurrence: 1)
        let index = try JSONDecoder().decode(ImageIndex.self, from: data)
        #expect(index.manifests.map(\.digest) == [set.root.digest, set.images[0].manifest.digest, set.referrer.manifest.digest, set.images[1].manifest.digest])
        #expect(index.manifests[0].annotations?[AnnotationKey.refName] == "set")
        #expect(index.manifests[1].platform?.architecture == "amd64")
        #expect(index.manifests[3].annotations?[AnnotationKey.manifestSource] == "example.com/app:arm64")
        #expect(index.annotations?[AnnotationKey.serializationVersion] == "2")
        #expect(String(decoding: data, as: UTF8.self).hasPrefix("{\n  \"schemaVersion\": 2,\n"))
    }

    @Test func deterministicAndWholeBlocks() async throws {
        let run = try SerializeRun(try ImageSet.make())
        let first = try await run.run("a.tar")
        try await run.run("b.tar")
        let a = try run.bytes("a.tar")
        #expect(a == (try run.bytes("b.tar")))
        #expect(a.count % SerializeRun.blockSize == 0)
        #expect(Int64(a.count) >= first.streamBytes)
    }

    @Test func compressedStreamsAreWholeBlocksAndReadable() async throws {
        let run = try SerializeRun(try ImageSet.make())
        for compression in [StreamCompression.gzip, .zstd] {
            try await run.run("s.\(compression)", options: SerializeRun.options { $0.compression = compression })
            #expect(try run.bytes("s.\(compression)").count % SerializeRun.blockSize == 0)
        }
        // Python's tarfile reads gzip itself; zstd is checked by deserialize's tests.
        #expect(try TarInspection.list(run.path("s.gzip")).count == (try TarInspection.list(run.path("s.gzip"))).count)
        #expect(try TarInspection.list(run.path("s.gzip")).last?.name == "index.json")
    }

    @Test func existingImageBlobsLeftOutManifestsKept() async throws {
        let set = try ImageSet.make()
        let run = try SerializeRun(set)
        let farSide = try OCILayout(root: try TestTools.makeTempDirectory("far-side"))
        try ImageSet.store(set.images[1], in: farSide)
        try farSide.setTag("old", to: set.images[1].manifest.descriptor)
        let summary = try await run.run("s.tar", existing: [LayoutContent(layout: farSide, tag: "old")])
        let written = Set(try run.blobDigests("s.tar"))
        #expect(written.isDisjoint(with: set.images[1].blobs.map(\.descriptor.digest)))
        #expect(written.contains(set.images[1].manifest.digest))
        #expect(summary.skippedBlobs == set.images[1].blobs.count)
    }

    @Test func existingFromCheckpointWritesTheRestAsACompleteStream() async throws {
        let run = try SerializeRun(try ImageSet.make())
        try await run.run("old.tar", options: SerializeRun.options { $0.checkpoint = run.path("old.jsonl") })
        let records = try CheckpointLedger.load(run.path("old.jsonl"))
        #expect(records.map(\.descriptor.digest) == (try run.blobDigests("old.tar")))
        let cut = records[3].offset  // records 0...2 end below it: safe on the old medium
        let summary = try await run.run("new.tar", options: SerializeRun.options {
            $0.existingCheckpoints = [ExistingCheckpoint(path: run.path("old.jsonl"), offset: cut)]
        })
        #expect(summary.skippedBlobs == 3)
        #expect(try run.blobDigests("new.tar") == Array(records.dropFirst(3).map(\.descriptor.digest)))
        #expect(try TarInspection.list(run.path("new.tar")).first?.name == "oci-layout")
    }

    @Test func checkpointOffsetsAreEntryEndsInTheFile() async throws {
        let run = try SerializeRun(try ImageSet.make())
        try await run.run("s.tar", options: SerializeRun.options { $0.checkpoint = run.path("cp") })
        let records = try CheckpointLedger.load(run.path("cp"))
        let sizes = try TarInspection.list(run.path("s.tar")).filter { $0.name.hasPrefix("blobs/sha256/") }.map(\.size)
        #expect(records.map(\.descriptor.size) == sizes)
        #expect(records.allSatisfy { $0.offset % 512 == 0 })
        // Cutting the file at a checkpoint offset leaves whole entries: tarfile reads them all.
        let stream = try run.bytes("s.tar")
        try stream.prefix(Int(records[2].offset)).write(to: URL(fileURLWithPath: run.path("cut.tar")))
        let script = "import tarfile,sys\nt=tarfile.open(sys.argv[1]); m=[x for x in t if x.isfile()]; [t.extractfile(x).read() for x in m]; print(len(m))"
        let listed = try TestTools.run("python3", ["-c", script, run.path("cut.tar")])
        #expect(listed.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "5")  // oci-layout, index.json, 3 blobs
    }

    @Test func manifestJSONIsTheLastEntry() async throws {
        let set = try ImageSet.make()
        let run = try SerializeRun(set)
        try await run.run("s.tar", options: SerializeRun.options { $0.manifestJSON = true })
        #expect(try TarInspection.list(run.path("s.tar")).last?.name == "manifest.json")
        let text = String(decoding: try TarInspection.extract(run.path("s.tar"), name: "manifest.json"), as: UTF8.self)
        #expect(text.contains("\"RepoTags\": [\n      \"example.com/app:amd64\"\n    ]"))
        #expect(text.contains("blobs/sha256/\(set.images[0].config.descriptor.digest.encoded)"))
    }

    @Test func badOptionsAreClearErrors() async throws {
        let run = try SerializeRun(try ImageSet.make())
        await #expect(throws: SerializeError.self) { try await run.run("s.tar", options: SerializeRun.options { $0.blockSize = 1000 }) }
        await #expect(throws: SerializeError.self) { try await run.run("s.tar", options: SerializeRun.options { $0.resume = true }) }
        #expect(!FileManager.default.fileExists(atPath: run.path("s.tar")))
    }
}
