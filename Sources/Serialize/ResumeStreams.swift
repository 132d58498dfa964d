import Foundation
import Registry
import Streams
import TarStream

/// Drops the first `skip` bytes of a stream: a resumed run regenerates the stream from its start
/// (the bytes are deterministic) and only what lies past the kept part of the file is written.
/// With `verifying`, the dropped bytes are checked against the kept file as they pass.
// Invariant: only the tar producer's thread writes to it (ByteSink asks for Sendable).
final class SkippingSink: ByteSink, @unchecked Sendable {
    private let base: any ByteSink
    private var skip: Int64
    private var position: Int64 = 0
    private let kept: KeptPrefix?

    init(_ base: any ByteSink, skip: Int64, verifying kept: KeptPrefix? = nil) {
        self.base = base
        self.skip = skip
        self.kept = kept
    }

    /// Writes everything from now on: a compressed resume's output starts at the cut itself.
    func stopSkipping() { skip = 0 }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard skip > 0 else { return try base.write(bytes) }
        let dropped = Int(min(Int64(bytes.count), skip))
        try kept?.check(UnsafeRawBufferPointer(rebasing: bytes[0..<dropped]), at: position)
        skip -= Int64(dropped)
        position += Int64(dropped)
        if dropped < bytes.count { try base.write(UnsafeRawBufferPointer(rebasing: bytes[dropped...])) }
    }
}

/// The kept part of a file being resumed, checked against the regenerated stream. Blob data of
/// the kept entries is regenerated as zeros (never read from the source), so zero bytes are not
/// compared and an all-zero chunk costs no read; every other byte — tar headers, oci-layout,
/// index.json, manifests — must match, or the file holds another stream (another image, tool
/// version, compression) and resuming would corrupt it.
final class KeptPrefix: Sendable {
    /// The files holding the kept part: DEST, or the volumes DEST.000, … up to the cut.
    private let paths: [String]
    private let fds: [Int32]
    private let volumeSize: Int64

    /// `volumeSize`: the stream is split into volumes of that size (`serialize --split`).
    init(path: String, length: Int64, volumeSize: Int64? = nil) throws {
        self.volumeSize = volumeSize ?? .max
        let count = volumeSize.map { Int(max(length - 1, 0) / $0) + 1 } ?? 1
        paths = volumeSize == nil ? [path] : (0..<count).map { VolumeNames(base: path).name($0) }
        var fds: [Int32] = []
        for file in paths {
            let fd = open(file, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else {
                let reason = String(cString: strerror(errno))
                for opened in fds { close(opened) }
                throw SerializeError.cannotResume("cannot read \(file): \(reason)")
            }
            fds.append(fd)
        }
        self.fds = fds
    }

    deinit { for fd in fds { close(fd) } }

    /// Compares `bytes`, the stream's bytes from `offset` on, with the files, volume by volume.
    func check(_ bytes: UnsafeRawBufferPointer, at offset: Int64) throws {
        guard bytes.contains(where: { $0 != 0 }) else { return }
        var done = 0
        while done < bytes.count {
            let position = offset + Int64(done)
            let volume = Int(position / volumeSize), within = position % volumeSize
            let count = Int(min(Int64(bytes.count - done), volumeSize - within))
            guard volume < fds.count else {
                throw SerializeError.resumeMismatch("byte \(position) lies past the kept files")
            }
            try compare(UnsafeRawBufferPointer(rebasing: bytes[done..<(done + count)]), volume: volume, at: within)
            done += count
        }
    }

    private func compare(_ bytes: UnsafeRawBufferPointer, volume: Int, at offset: Int64) throws {
        var file = [UInt8](repeating: 0, count: bytes.count)
        let n = file.withUnsafeMutableBytes { pread(fds[volume], $0.baseAddress, bytes.count, off_t(offset)) }
        for index in 0..<bytes.count where bytes[index] != 0 {
            guard index < n, file[index] == bytes[index] else {
                throw SerializeError.resumeMismatch("byte \(offset + Int64(index)) of \(paths[volume]) is not what this stream has there")
            }
        }
    }
}

/// `size` zero bytes: stands in for a blob whose entry lies wholly in the kept part of a resumed
/// file, so regenerating that part reads nothing from the source.
// Invariant: only the tar producer's thread reads it (ByteSource asks for Sendable).
final class ZeroSource: ByteSource, @unchecked Sendable {
    private var remaining: Int64

    init(size: Int64) { remaining = size }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = Int(min(Int64(buffer.count), remaining))
        guard n > 0, let base = buffer.baseAddress else { return 0 }
        base.initializeMemory(as: UInt8.self, repeating: 0, count: n)
        remaining -= Int64(n)
        return n
    }
}
