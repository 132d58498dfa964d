import Foundation

/// A bounded in-memory pipe between two transfer threads: one download writes, one upload reads.
///
/// This is what lets a blob stream registry → registry without touching disk while memory stays
/// at `capacity` whatever the blob size. The writer blocks while the pipe is full, the reader while
/// it is empty. The writer ends with `finish(error:)`; the reader sees the error instead of the
/// last byte, so an upload never completes on a download that failed verification.
// Invariant: `condition` guards every stored property (storage, head, count, finished, errors, handlers).
public final class BlobPipe: ByteSink, ByteSource, @unchecked Sendable {
    private let condition = NSCondition()
    private var storage: [UInt8]
    private var head = 0      // next byte to read
    private var count = 0     // bytes buffered
    private var finished = false
    private var writerError: (any Error)?
    private var readerClosed = false
    private var closeHandlers: [@Sendable () -> Void] = []

    private var available: Int { finished ? count : max(0, count - 1) }

    public init(capacity: Int = 1 << 20) {
        storage = [UInt8](repeating: 0, count: max(capacity, 64 << 10))
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        condition.lock()
        defer { condition.unlock() }
        while offset < bytes.count {
            while count == storage.count && !readerClosed { condition.wait() }
            if readerClosed { throw StreamError.closed }
            let tail = (head + count) % storage.count
            let room = min(storage.count - count, storage.count - tail, bytes.count - offset)
            storage.withUnsafeMutableBytes { dst in
                guard let d = dst.baseAddress, let s = bytes.baseAddress else { return }
                (d + tail).copyMemory(from: s + offset, byteCount: room)
            }
            count += room
            offset += room
            condition.broadcast()
        }
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        condition.lock()
        defer { condition.unlock() }
        // The last byte is held back until the writer finishes, so a reader that stops at a known
        // length (libcurl with a Content-Length) still makes the read that reports a failure.
        while available == 0 && !finished && !readerClosed { condition.wait() }
        if let error = writerError { throw error }
        let n = min(available, storage.count - head, buffer.count)
        if n == 0 { return 0 }
        storage.withUnsafeBytes { src in
            guard let s = src.baseAddress, let d = buffer.baseAddress else { return }
            d.copyMemory(from: s + head, byteCount: n)
        }
        head = (head + n) % storage.count
        count -= n
        condition.broadcast()
        return n
    }

    /// The writer is done; a non-nil error is raised to the reader after the buffered bytes.
    public func finish(error: (any Error)? = nil) {
        condition.lock()
        finished = true
        if writerError == nil { writerError = error }
        condition.broadcast()
        condition.unlock()
    }

    /// The reader gives up (its upload failed): unblocks and fails the writer.
    public func close() {
        condition.lock()
        let handlers = readerClosed ? [] : closeHandlers
        readerClosed = true
        closeHandlers = []
        condition.broadcast()
        condition.unlock()
        handlers.forEach { $0() }
    }

    /// Runs `handler` when the reader closes the pipe (e.g. to cancel the download feeding it).
    public func onClose(_ handler: @escaping @Sendable () -> Void) {
        condition.lock()
        let closed = readerClosed
        if !closed { closeHandlers.append(handler) }
        condition.unlock()
        if closed { handler() }
    }
}
