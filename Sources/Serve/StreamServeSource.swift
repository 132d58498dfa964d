import Foundation
import OCI
import Store
import TarStream

/// A serialized stream file (`ferry serialize`, `ace-dt mirror serialize`) served in place.
///
/// One pass at start reads the tar with `TarReader`, notes where each blob's data lies in the
/// file (`TarReader.dataOffset`) and hashes it on the way: a stream with a blob that does not
/// match its name is refused whole, before anything is served. Afterwards blobs are read at
/// their offsets; nothing is extracted. Only a plain tar can be read that way: a compressed
/// stream has no offsets to read at.
public struct StreamServeSource: ServeSource {
    public let path: String
    public let entries: [Descriptor]
    private let extents: [Digest: BlobExtent]

    /// index.json lists every manifest of the stream: generous, but bounded.
    static let indexLimit = 64 << 20
    static let hashBufferSize = 1 << 20

    /// Indexes and verifies the stream at `path`.
    public init(path: String) throws {
        self.path = path
        let file: FileSource
        do {
            file = try FileSource(path: path)
        } catch {
            throw ServeError.badStream(path: path, reason: "\(error)")
        }
        defer { file.close() }
        var index: Data?
        var extents: [Digest: BlobExtent] = [:]
        do {
            let reader = try TarReader(input: file)
            var first = true
            while let entry = try reader.next() {
                if first, reader.compression != .none {
                    throw ServeError.compressedStream(path: path, compression: reader.compression.rawValue)
                }
                first = false
                guard entry.kind == .file else { continue }
                if entry.path == "index.json" {
                    index = try Self.readAll(reader, size: entry.size, path: path)
                } else if let digest = Self.blobDigest(entry.path), extents[digest] == nil {
                    try Self.verify(reader, digest: digest, size: entry.size)
                    extents[digest] = BlobExtent(path: path, offset: reader.dataOffset, size: entry.size)
                }
            }
        } catch let error as ServeError {
            throw error
        } catch {
            throw ServeError.badStream(path: path, reason: "\(error)")
        }
        guard let index else { throw ServeError.badStream(path: path, reason: "it has no index.json entry (is it a serialized stream?)") }
        guard let parsed = try? JSONDecoder().decode(ImageIndex.self, from: index) else {
            throw ServeError.badStream(path: path, reason: "its last index.json is not an OCI image index")
        }
        self.entries = parsed.manifests
        self.extents = extents
    }

    public var description: String { path }

    public func extent(of digest: Digest) -> BlobExtent? { extents[digest] }

    /// `blobs/<alg>/<hex>` as a digest; nil for any other entry.
    static func blobDigest(_ entryPath: String) -> Digest? {
        let parts = entryPath.split(separator: "/")
        guard parts.count == 3, parts[0] == "blobs" else { return nil }
        return try? Digest("\(parts[1]):\(parts[2])")
    }

    private static func verify(_ reader: TarReader, digest: Digest, size: Int64) throws {
        let hasher = DigestHasher(digest.algorithm)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: hashBufferSize, alignment: 64)
        defer { buffer.deallocate() }
        while case let count = try reader.read(into: buffer), count > 0 {
            hasher.update(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
        }
        let actual = hasher.finalize()
        guard hasher.byteCount == size, actual == digest else {
            throw ServeError.badContent(digest, reason: "the stream's entry hashes to \(actual); the stream is damaged")
        }
    }

    private static func readAll(_ reader: TarReader, size: Int64, path: String) throws -> Data {
        guard size <= Int64(indexLimit) else {
            throw ServeError.badStream(path: path, reason: "index.json has \(size) bytes, more than \(indexLimit)")
        }
        var data = Data(count: Int(size))
        var done = 0
        try data.withUnsafeMutableBytes { buffer in
            while done < buffer.count, case let count = try reader.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[done...])),
                  count > 0 {
                done += count
            }
        }
        return data.prefix(done)
    }
}
