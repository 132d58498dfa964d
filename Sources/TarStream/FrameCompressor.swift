import Foundation
import Streams

/// Compresses a stream as a series of independent frames (gzip members, zstd frames) whose
/// concatenation is one valid compressed stream for gzip -d, zstd -d, libarchive and Go. Ending
/// a frame makes the compressed offset a place a reader can start from and every byte before it
/// complete: what a checkpoint offset in a compressed stream needs.
///
/// Each frame is compressed with the same settings from a fresh state, so the same bytes framed
/// the same way always give the same output: a resumed stream can continue at any frame end.
// Invariant: one producer at a time (the tar writer's thread), as for every ByteSink in a chain.
final class FrameCompressor: ByteSink, @unchecked Sendable {
    private let output: CountedSink
    private let compression: StreamCompression
    private var frame: ArchiveFrameHandle?
    private var suspended = false

    init(output: any ByteSink, compression: StreamCompression) {
        self.output = CountedSink(output)
        self.compression = compression
    }

    /// Compressed bytes delivered so far (or the offset given to `resume(at:)` plus those since).
    var delivered: Int64 { output.count }

    /// Starts a frame on the first byte after a frame end; nothing while suspended.
    func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard !suspended, !bytes.isEmpty else { return }
        let frame = try self.frame ?? ArchiveFrameHandle(sink: output, compression: compression)
        self.frame = frame
        try frame.write(bytes)
    }

    /// Ends the current frame, if one was started.
    func endFrame() throws {
        guard let frame else { return }
        self.frame = nil
        try frame.close()
    }

    /// From the next frame on, bytes are dropped uncompressed: the frames of the kept part of a
    /// resumed file, whose compressed bytes are already there and need not be made again.
    func suspend() throws {
        try endFrame()
        suspended = true
    }

    /// Compresses again; `offset` is where the kept part of the file ends (a frame end).
    func resume(at offset: Int64) {
        suspended = false
        output.count = offset
    }
}

/// Counts what passes to `base`.
// Invariant: used by one producer thread, as its owner.
private final class CountedSink: ByteSink, @unchecked Sendable {
    private let base: any ByteSink
    var count: Int64 = 0

    init(_ base: any ByteSink) { self.base = base }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        try base.write(bytes)
        count += Int64(bytes.count)
    }
}
