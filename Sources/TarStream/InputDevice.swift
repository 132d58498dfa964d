import Foundation
import Streams

/// Reads a stream from a file, stdin ("-") or a character device, in reads of `blockSize`.
///
/// A tape returns one block per read(2) and fails (ENOMEM) when the buffer is smaller than the
/// block, so every read asks for at least `blockSize` bytes: straight into the caller's buffer
/// when it holds whole blocks, otherwise into a block buffer the next calls drain.
// Invariant: `lock` guards `pending`, `closed`, `idleEnd` and the block buffer; the rest is immutable.
public final class InputDevice: ByteSource, @unchecked Sendable {
    public static let defaultBlockSize = 1 << 20

    public let path: String
    private let fd: Int32
    private let ownsDescriptor: Bool
    private let blockSize: Int
    private let block: UnsafeMutableRawBufferPointer
    private var pending: Range<Int> = 0..<0
    private var closed = false
    /// When set, a read that waits this long for data returns 0 (the end of input).
    private var idleEnd: TimeInterval?
    private let lock = NSLock()

    private init(path: String, fd: Int32, ownsDescriptor: Bool, blockSize: Int) {
        self.path = path
        self.fd = fd
        self.ownsDescriptor = ownsDescriptor
        self.blockSize = blockSize
        self.block = .allocate(byteCount: blockSize, alignment: 64)
    }

    deinit {
        block.deallocate()
        if ownsDescriptor && !closed { _ = SystemCall.close(fd) }
    }

    /// Opens `path` ("-" is stdin). A `blockSize` of 0 or less means the 1 MiB default.
    public static func open(_ path: String, blockSize: Int) throws -> InputDevice {
        let size = blockSize > 0 ? blockSize : defaultBlockSize
        if path == "-" {
            return InputDevice(path: "stdin", fd: STDIN_FILENO, ownsDescriptor: false, blockSize: size)
        }
        let fd = SystemCall.open(path, flags: O_RDONLY)
        guard fd >= 0 else { throw TarStreamError.io(path: path, operation: "open", errno: errno) }
        return InputDevice(path: path, fd: fd, ownsDescriptor: true, blockSize: size)
    }

    /// A disk read raw (`/dev/sdb`): what follows the stream there is old data, not padding.
    public var isBlockDevice: Bool { SystemCall.fileType(fd) == S_IFBLK }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        lock.lock(); defer { lock.unlock() }
        guard !closed else { throw TarStreamError.closed }
        guard let target = buffer.baseAddress, buffer.count > 0 else { return 0 }
        if pending.isEmpty {
            if buffer.count >= blockSize {
                return try readBlocks(into: target, count: buffer.count / blockSize * blockSize)
            }
            guard let base = block.baseAddress else { return 0 }
            let count = try readBlocks(into: base, count: blockSize)
            pending = 0..<count
        }
        let count = min(buffer.count, pending.count)
        guard let base = block.baseAddress else { return 0 }
        target.copyMemory(from: base + pending.lowerBound, byteCount: count)
        pending = (pending.lowerBound + count)..<pending.upperBound
        return count
    }

    /// From now on a read that waits `seconds` for data ends the input instead (0): after the end
    /// of a stream, a sender that keeps a pipe open without sending must not hold the reader.
    public func endReadsWhenIdle(after seconds: TimeInterval) {
        lock.lock(); defer { lock.unlock() }
        idleEnd = seconds
    }

    private func readBlocks(into base: UnsafeMutableRawPointer, count: Int) throws -> Int {
        if let idleEnd {
            var waiting = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&waiting, 1, Int32(idleEnd * 1000)) > 0 else { return 0 }
        }
        let result = SystemCall.read(fd, base, count)
        guard result >= 0 else { throw TarStreamError.io(path: path, operation: "read", errno: errno) }
        return result
    }

    /// Reads and discards what follows, until the end of input, `limit` bytes, or `idle` seconds
    /// without data. A stream's writer pads its last block past the tar end marker, and a pipe
    /// writer must not meet EPIPE on it; but a sender that keeps the pipe open without sending
    /// (nc, socat) must not hold the reader either.
    public func discardRest(limit: Int64, idle: TimeInterval) {
        lock.lock(); defer { lock.unlock() }
        pending = 0..<0
        // A disk holds old data after the stream, not a writer's padding: nothing to drain.
        guard !closed, !isBlockDevice, let base = block.baseAddress else { return }
        var total: Int64 = 0
        while total < limit {
            var waiting = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&waiting, 1, Int32(idle * 1000)) > 0 else { return }
            let count = SystemCall.read(fd, base, blockSize)
            guard count > 0 else { return }
            total += Int64(count)
        }
    }

    public func close() {
        lock.lock(); defer { lock.unlock() }
        guard !closed else { return }
        closed = true
        if ownsDescriptor { _ = SystemCall.close(fd) }
    }
}
