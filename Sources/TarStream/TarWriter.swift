import Foundation
import Streams

/// Writes a POSIX tar (USTAR; PAX records only when a field does not fit, as Go's archive/tar
/// does) through libarchive, streaming. Every header carries mtime 0, uid/gid 0 and no user or
/// group names, so the same calls always give the same bytes (compressed ones included).
public final class TarWriter {
    /// Data moves in copies of this size: large enough that per-call overhead vanishes, small
    /// enough that memory stays flat whatever the entry size.
    static let copyBufferSize = 1 << 20

    private let handle: ArchiveWriteHandle
    /// Set when the stream is compressed in frames the caller ends (`endFrame`).
    private let frames: FrameCompressor?
    private var finished = false
    /// Allocated on the first streamed entry; small-file-only writers never pay for it.
    private var copyBuffer: UnsafeMutableRawBufferPointer?

    /// `output` receives the stream bytes in order (compressed bytes when compressed). libarchive
    /// does no blocking of its own: the caller's `BlockWriter` cuts the blocks a medium needs.
    /// With `framed`, a compressed stream is a series of frames (gzip members, zstd frames) the
    /// caller ends with `endFrame()`, instead of one frame from start to finish.
    public init(output: any ByteSink, compression: StreamCompression = .none, framed: Bool = false) throws {
        if framed && compression != .none {
            let frames = FrameCompressor(output: output, compression: compression)
            self.frames = frames
            handle = try ArchiveWriteHandle(sink: frames, compression: .none)
        } else {
            frames = nil
            handle = try ArchiveWriteHandle(sink: output, compression: compression)
        }
    }

    deinit {
        copyBuffer?.deallocate()
    }

    /// Uncompressed tar bytes written so far. After an entry this is the entry's end offset,
    /// padding included (tar pads each entry to 512): the offset a checkpoint line records.
    public var position: Int64 { handle.tarBytes }

    /// Bytes handed to the output so far: compressed bytes when compressed, else `position`.
    public var outputPosition: Int64 { frames?.delivered ?? handle.outputBytes }

    /// Whether the stream is compressed in frames (`framed` and a compression).
    public var isFramed: Bool { frames != nil }

    /// Ends the current compressed frame (framed streams; otherwise nothing) and returns the
    /// output offset: where the next frame starts, everything before it complete.
    @discardableResult
    public func endFrame() throws -> Int64 {
        try frames?.endFrame()
        return outputPosition
    }

    /// Framed streams: ends the current frame, then drops what follows uncompressed until
    /// `resumeOutput(at:)` — the kept part of a resumed file, already on the medium.
    public func suspendOutput() throws {
        try frames?.suspend()
    }

    /// Compresses and delivers again from `offset`, a frame end of the kept file.
    public func resumeOutput(at offset: Int64) {
        frames?.resume(at: offset)
    }

    public func addDirectory(_ path: String, mode: Int = 0o777) throws {
        try ensureOpen()
        try handle.writeHeader(path: path.hasSuffix("/") ? path : path + "/", type: .directory, mode: mode, size: 0)
        try handle.finishEntry()
    }

    public func addFile(_ path: String, data: Data, mode: Int = 0o666) throws {
        try ensureOpen()
        try handle.writeHeader(path: path, type: .regular, mode: mode, size: Int64(data.count))
        try data.withUnsafeBytes { try handle.writeData($0) }
        try handle.finishEntry()
    }

    /// Streams exactly `size` bytes from `source`; fewer or more bytes is an error naming the path.
    public func addFile(_ path: String, size: Int64, mode: Int = 0o666, from source: any ByteSource) throws {
        try ensureOpen()
        guard size >= 0 else { throw TarStreamError.invalidArgument("\(path): negative size \(size)") }
        try handle.writeHeader(path: path, type: .regular, mode: mode, size: size)
        let buffer = sharedBuffer()
        var copied: Int64 = 0
        while copied < size {
            let want = Int(min(Int64(buffer.count), size - copied))
            let count = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<want]))
            guard count > 0 else { throw TarStreamError.sizeMismatch(path: path, expected: size, actual: copied) }
            try handle.writeData(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            copied += Int64(count)
        }
        // One probe read: a source longer than its declared size is as wrong as a short one.
        let extra = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<1]))
        guard extra == 0 else {
            throw TarStreamError.sizeMismatch(path: path, expected: size, actual: size + Int64(extra))
        }
        try handle.finishEntry()
    }

    /// Writes the end-of-archive marker and flushes the compression filter. Later calls do nothing.
    public func finish() throws {
        guard !finished else { return }
        finished = true
        try handle.close()
        try frames?.endFrame()
    }

    private func ensureOpen() throws {
        if finished { throw TarStreamError.closed }
    }

    private func sharedBuffer() -> UnsafeMutableRawBufferPointer {
        if let copyBuffer { return copyBuffer }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.copyBufferSize, alignment: 64)
        copyBuffer = buffer
        return buffer
    }
}
