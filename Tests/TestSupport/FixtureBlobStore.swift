import Foundation
import OCI

/// Process-wide store of fixture blobs (layers, configs, manifests), one file per digest.
///
/// Layers are the expensive part of a fixture (a 64 MiB layer takes a moment to generate), and
/// tests push the same shapes over and over, so each distinct `LayerSpec` is made once per
/// process and reused; fixture layouts hard-link these files instead of copying them.
/// The directory is removed when the process exits.
final class FixtureBlobStore: @unchecked Sendable {
    struct Layer: Sendable {
        let digest: Digest
        let size: Int
        /// Digest of the uncompressed tar (`rootfs.diff_ids`).
        let diffID: Digest
    }

    let directory: URL
    private let lock = NSLock()
    private var layers: [LayerSpec: Layer] = [:]

    private init() throws {
        directory = try TestTools.makeTempDirectory("ferry-fixture-blobs")
        TempCleanup.removeAtExit(directory)
    }

    static func shared() throws -> FixtureBlobStore {
        try Holder.instance.get()
    }

    /// Where the blob with `digest` lives (whether or not it exists).
    func url(for digest: Digest) -> URL {
        directory.appendingPathComponent(digest.encoded)
    }

    /// Stores `data` under its digest and returns a descriptor for it.
    func add(_ data: Data, mediaType: String) throws -> Descriptor {
        let digest = Digest.sha256(of: data)
        let target = url(for: digest)
        lock.lock()
        defer { lock.unlock() }
        if !FileManager.default.fileExists(atPath: target.path) {
            try data.write(to: target, options: .atomic)
        }
        return Descriptor(mediaType: mediaType, digest: digest, size: Int64(data.count))
    }

    /// The layer blob for `spec`, generating it on first use. Generation is serialised: parallel
    /// tests asking for the same large layer wait for one copy instead of each making their own.
    func layer(_ spec: LayerSpec) throws -> Layer {
        lock.lock()
        defer { lock.unlock() }
        if let layer = layers[spec] { return layer }
        let layer = try makeLayer(spec)
        layers[spec] = layer
        return layer
    }

    private func makeLayer(_ spec: LayerSpec) throws -> Layer {
        guard spec.size >= 0 else { throw TestSupportError.invalidInput("layer size \(spec.size) < 0") }
        let work = try TestTools.makeTempDirectory("ferry-layer")
        defer { try? FileManager.default.removeItem(at: work) }
        let tarURL = work.appendingPathComponent("layer.tar")
        let diffID = try writeTar(spec, to: tarURL)
        let blobURL: URL
        if spec.compressed {
            // gzip -n: no name or timestamp in the header, so the bytes depend on content only.
            let gzURL = work.appendingPathComponent("layer.tar.gz")
            try TestTools.runChecked("sh", ["-c", "gzip -n -1 -c \"$0\" > \"$1\"", tarURL.path, gzURL.path])
            blobURL = gzURL
        } else {
            blobURL = tarURL
        }
        let (digest, size) = try Self.hashFile(blobURL)
        let target = url(for: digest)
        if !FileManager.default.fileExists(atPath: target.path) {
            try FileManager.default.moveItem(at: blobURL, to: target)
        }
        return Layer(digest: digest, size: size, diffID: diffID)
    }

    /// A tar holding one regular file, `seed-<seed>.bin`, of `spec.size` pseudo-random bytes.
    /// Returns the tar's digest (the layer's diff ID).
    private func writeTar(_ spec: LayerSpec, to url: URL) throws -> Digest {
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        let hasher = SHA256Hasher()
        func emit(_ data: Data) throws {
            hasher.update(data)
            try handle.write(contentsOf: data)
        }
        try emit(TarHeader.regularFile(name: "seed-\(spec.seed).bin", size: spec.size))
        let stream = try KeyStream(seed: spec.seed)
        var remaining = spec.size
        while remaining > 0 {
            let piece = try stream.next(min(remaining, 1 << 20))
            try emit(piece)
            remaining -= piece.count
        }
        let padding = (512 - spec.size % 512) % 512
        try emit(Data(count: padding + 1024))  // pad the file, then two zero blocks end the archive
        return hasher.finalize()
    }

    /// Digest and size of a file, read in 1 MiB pieces.
    static func hashFile(_ url: URL) throws -> (Digest, Int) {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        let hasher = SHA256Hasher()
        var size = 0
        while let piece = try handle.read(upToCount: 1 << 20), !piece.isEmpty {
            hasher.update(piece)
            size += piece.count
        }
        return (hasher.finalize(), size)
    }

    private final class Holder: @unchecked Sendable {
        static let instance = Holder()
        private let lock = NSLock()
        private var store: FixtureBlobStore?

        func get() throws -> FixtureBlobStore {
            lock.lock()
            defer { lock.unlock() }
            if let store { return store }
            let made = try FixtureBlobStore()
            store = made
            return made
        }
    }
}

/// The 512-byte ustar header of a regular file, with fixed owner, mode and mtime so the archive
/// depends on name and content alone.
enum TarHeader {
    static func regularFile(name: String, size: Int) -> Data {
        var header = [UInt8](repeating: 0, count: 512)
        func put(_ text: String, at offset: Int, width: Int) {
            for (index, byte) in text.utf8.prefix(width).enumerated() { header[offset + index] = byte }
        }
        func octal(_ value: Int, width: Int) -> String {
            let digits = String(value, radix: 8)
            return String(repeating: "0", count: max(0, width - 1 - digits.count)) + digits
        }
        put(name, at: 0, width: 100)
        put(octal(0o644, width: 8), at: 100, width: 7)
        put(octal(0, width: 8), at: 108, width: 7)          // uid
        put(octal(0, width: 8), at: 116, width: 7)          // gid
        put(octal(size, width: 12), at: 124, width: 11)
        put(octal(0, width: 12), at: 136, width: 11)        // mtime
        put("        ", at: 148, width: 8)                  // checksum placeholder
        header[156] = UInt8(ascii: "0")                     // regular file
        put("ustar", at: 257, width: 6)
        put("00", at: 263, width: 2)
        put("root", at: 265, width: 32)
        put("root", at: 297, width: 32)
        let checksum = header.reduce(0) { $0 + Int($1) }
        put(octal(checksum, width: 7), at: 148, width: 6)
        header[154] = 0
        header[155] = UInt8(ascii: " ")
        return Data(header)
    }
}
