import ClientTestSupport
import Deserialize
import Foundation
import OCI
import Serialize
import Store
import TarStream
import TestSupport
import Testing

/// Streams to read back: an index over two images (one layer above the in-memory manifest limit
/// when `bigLayer`) and a referrer, in a layout, serialized by ferry into `stream`.
struct StreamFixture {
    let scratch: URL
    let source: OCILayout
    let root: ParsedManifest
    let manifests: [ParsedManifest]
    let blobs: [TestBlob]
    let stream: String

    var digests: Set<Digest> { Set(manifests.map(\.digest) + blobs.map(\.descriptor.digest)) }

    static func make(seed: UInt64 = 7, bigLayer: Bool = false, compression: StreamCompression = .none,
                     checkpoint: Bool = false) async throws -> StreamFixture {
        let scratch = try TestTools.makeTempDirectory("deserialize")
        let layout = try OCILayout(root: scratch.appendingPathComponent("source"))
        let amd64 = try TestImage(layerSizes: bigLayer ? [5 << 20, 900] : [4000, 900], seed: seed)
        let arm64 = try TestImage(layerSizes: [2500], seed: seed &+ 1)
        let signature = try TestImage(layerSizes: [300], seed: seed &+ 2, subject: amd64.manifest.descriptor,
                                      artifactType: "application/vnd.example.signature")
        let root = try makeIndex([(amd64, Platform(os: "linux", architecture: "amd64")), (arm64, Platform(os: "linux", architecture: "arm64"))])
        for image in [amd64, arm64, signature] {
            for blob in image.blobs { try layout.ingest(blob.descriptor, data: blob.data) }
            try layout.ingest(image.manifest.descriptor, data: image.manifest.bytes)
        }
        try layout.ingest(root.descriptor, data: root.bytes)
        try layout.setTag(nil, to: signature.manifest.descriptor)
        try layout.setTag("set", to: root.descriptor)
        var options = SerializeOptions()
        options.blockSize = 4096
        options.bufferSize = 64 << 10
        options.compression = compression
        if checkpoint { options.checkpoint = scratch.appendingPathComponent("cp.jsonl").path }
        let stream = scratch.appendingPathComponent("stream.tar").path
        _ = try await Serializer(source: LayoutContent(layout: layout, tag: "set"), reference: "set", options: options).run(to: stream)
        return StreamFixture(scratch: scratch, source: layout, root: root,
                             manifests: [root, amd64.manifest, arm64.manifest, signature.manifest],
                             blobs: amd64.blobs + arm64.blobs + signature.blobs, stream: stream)
    }

    func path(_ name: String) -> String { scratch.appendingPathComponent(name).path }

    /// A fresh layout to deserialize into, tagged `tag`.
    func target(_ name: String = "target", tag: String = "copy") throws -> LayoutContent {
        LayoutContent(layout: try OCILayout(root: scratch.appendingPathComponent(name)), tag: tag)
    }

    /// The stream's bytes with `edit` applied, written to `name`.
    func variant(_ name: String, _ edit: (inout Data) throws -> Void) throws -> String {
        var data = try Data(contentsOf: URL(fileURLWithPath: stream))
        try edit(&data)
        try data.write(to: URL(fileURLWithPath: path(name)))
        return path(name)
    }
}

/// Runs a deserialization and returns its summary or error, never throwing.
func deserialize(_ stream: String, into target: any Deserializer.Target, strict: Bool = false,
                 dryRun: Bool = false) async -> Result<DeserializeSummary, any Error> {
    var options = DeserializeOptions()
    options.blockSize = 4096
    options.strict = strict
    options.dryRun = dryRun
    do {
        return .success(try await Deserializer(target: target, options: options).run(from: stream))
    } catch {
        return .failure(error)
    }
}

extension Result {
    var failureText: String? {
        if case .failure(let error) = self { return "\(error)" }
        return nil
    }
}

/// Python's tarfile writes the hand-made streams: ace-dt's layout, in any order, or hostile.
enum HandMadeTar {
    /// Writes every file of `layout` (an OCI layout directory) as `name` entries in `order`
    /// ("shuffled": index.json first, blobs reversed, no directory entries, "./" prefixes),
    /// then `extra` (python statements adding members to `t`). `order`, if given, names the
    /// entries in order instead, `*` standing for every blob.
    static func write(from layout: URL, to output: String, shuffled: Bool = true, order: [String]? = nil,
                      extra: String = "") throws {
        let script = """
        import os, sys, tarfile, io, json
        root, out, shuffled = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
        blobs = sorted(os.listdir(os.path.join(root, "blobs", "sha256")))
        names = ["index.json", "oci-layout"] + ["blobs/sha256/" + b for b in reversed(blobs)] if shuffled else \\
                ["oci-layout", "index.json"] + ["blobs/sha256/" + b for b in blobs]
        if len(sys.argv) > 4:
            names = [m for n in json.loads(sys.argv[4]) for m in (["blobs/sha256/" + b for b in blobs] if n == "*" else [n])]
        def add(t, name, data, **kw):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            for k, v in kw.items(): setattr(info, k, v)
            t.addfile(info, io.BytesIO(data))
        def content(n):
            data = open(os.path.join(root, n), "rb").read()
            if n != "index.json": return data
            index = json.loads(data)  # as ace-dt writes it: the tagged root first
            index["manifests"].sort(key=lambda m: 0 if "org.opencontainers.image.ref.name" in m.get("annotations", {}) else 1)
            return json.dumps(index, indent=2).encode()
        with tarfile.open(out, "w", format=tarfile.PAX_FORMAT) as t:
            for n in names:
                add(t, ("./" + n) if shuffled else n, content(n), mode=0o666)
        \(extra.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
        """
        let orderArgument = try order.map { [String(decoding: try JSONEncoder().encode($0), as: UTF8.self)] } ?? []
        let result = try TestTools.run("python3", ["-c", script, layout.path, output, shuffled ? "1" : "0"] + orderArgument)
        guard result.status == 0 else { throw TestFailure("python tarfile: \(result.stderr)") }
    }
}
