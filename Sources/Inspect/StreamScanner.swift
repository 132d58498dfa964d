import Foundation
import OCI
import Streams
import TarStream

/// Reads a stream (a file, `-` for stdin, a tape, `DEST.000` and its volumes; plain, gzip or zstd) in one pass, hashing every
/// entry as it passes and the whole input too. Memory stays bounded: a blob's bytes are kept only
/// when it may be a manifest or config (JSON of at most `ParsedManifest.byteLimit`), and of a
/// config only its platform. Runs blocking: call it off the cooperative pool (`runOnThread`).
public enum StreamScanner {
    /// JSON documents larger than this are not kept: registries refuse such manifests too.
    public static let documentLimit = ParsedManifest.byteLimit

    public static func scan(_ path: String, blockSize: Int = InputDevice.defaultBlockSize) throws -> StreamScan {
        let device = try InputDevice.openStream(path, blockSize: blockSize)
        defer { device.close() }
        let input = HashingSource(device)
        var scan = StreamScan()
        do {
            let reader = try TarReader(input: input, device: device)
            var buffer = [UInt8](repeating: 0, count: 1 << 20)
            while let entry = try reader.next() {
                guard entry.kind == .file else { continue }
                try buffer.withUnsafeMutableBytes { try take(entry, from: reader, buffer: $0, into: &scan) }
            }
        } catch let error as TarStreamError {
            // What was read in full still counts; the damage is named.
            scan.problems.append(StreamProblem("stream", error.description))
        }
        device.endReadsWhenIdle(after: 2)
        // A disk read raw holds old data after the stream, not padding: the digest stops at the tar.
        scan.streamDigest = try input.finish(drain: !device.isBlockDevice)
        scan.streamSize = input.byteCount
        return scan
    }

    /// Hashes one entry's bytes, keeping them when they may be a document.
    private static func take(_ entry: TarEntry, from reader: TarReader, buffer: UnsafeMutableRawBufferPointer,
                             into scan: inout StreamScan) throws {
        let named = ScannedEntry.blobDigest(ofPath: entry.path)
        let hasher = DigestHasher(named?.algorithm ?? .sha256)
        var kept: Data? = entry.size <= documentLimit ? Data() : nil
        while true {
            let count = try reader.read(into: buffer)
            if count == 0 { break }
            let bytes = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
            hasher.update(bytes)
            // A blob that does not start like JSON is a layer: only its digest is needed.
            if kept?.isEmpty == true, named != nil, bytes.first != UInt8(ascii: "{") { kept = nil }
            kept?.append(contentsOf: bytes)
        }
        let digest = hasher.finalize()
        scan.entries.append(ScannedEntry(path: entry.path, digest: digest, size: hasher.byteCount, end: reader.entryEnd))
        switch entry.path {
        case "oci-layout":
            if let kept, isLayoutMarker(kept) { scan.sawLayoutMarker = true } else {
                scan.problems.append(StreamProblem("oci-layout", "not {\"imageLayoutVersion\":\"1.0.0\"}"))
            }
        case "index.json":
            if let kept, let index = try? JSONDecoder().decode(ImageIndex.self, from: kept) { scan.indexes.append(index) } else {
                scan.problems.append(StreamProblem("index.json", "entry \(scan.entries.count) is not an OCI image index"))
            }
        default:
            guard let named else { return }
            guard digest == named else {
                scan.damaged.insert(named)
                scan.problems.append(StreamProblem(entry.path, "content does not match its name: expected \(named), got \(digest) (\(hasher.byteCount) bytes)"))
                return
            }
            scan.blobs[digest] = hasher.byteCount
            guard let kept, !kept.isEmpty else { return }
            if let manifest = try? ParsedManifest(bytes: kept) {
                scan.manifests[digest] = manifest
            } else if let config = try? JSONDecoder().decode(ConfigPlatform.self, from: kept), let platform = config.platform {
                scan.configPlatforms[digest] = platform
            }
        }
    }

    /// The one content an OCI layout marker has (image-spec 1.x knows no other version).
    public static func isLayoutMarker(_ data: Data) -> Bool {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any], object.count == 1 else { return false }
        return object["imageLayoutVersion"] as? String == "1.0.0"
    }
}
