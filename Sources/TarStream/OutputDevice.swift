import Foundation
import Streams

/// What `BlockWriter` writes blocks to: an `OutputDevice`, or a recording stand-in in tests.
public protocol BlockOutput: AnyObject, Sendable {
    /// Decides the write rules: a device takes each block whole or fails; a file may be resumed.
    var kind: OutputDevice.Kind { get }
    /// One write of exactly these bytes.
    func write(_ bytes: UnsafeRawBufferPointer) throws
    /// Makes everything written so far durable.
    func sync() throws
}

/// A `BlockOutput` its opener closes when the stream is done.
public protocol ClosableOutput: BlockOutput {
    func close() throws
}

/// Where a stream goes: a regular file, stdout ("-"), a pipe, or a character device (tape).
///
/// Opening never truncates a device (truncating a tape's special file would be meaningless at
/// best, and O_APPEND-style reopen tricks are what make ace-dt append garbage on a rerun). A
/// regular file is truncated unless resuming, when it is cut to `resumeAt` and positioned there.
// Invariant: `lock` guards `offset`, `closed` and `writeback`; the rest is immutable.
public final class OutputDevice: ClosableOutput, @unchecked Sendable {
    public enum Kind: Sendable {
        case regularFile, characterDevice, pipeOrStdout
    }

    public let path: String
    public let kind: Kind
    private let fd: Int32
    private let ownsDescriptor: Bool
    private let lock = NSLock()
    /// Bytes on the medium: `resumeAt` plus everything written since; names the ENOSPC offset.
    private var offset: Int64
    private var closed = false
    /// Regular files only: starts writeback as the stream grows (see `WritebackWindow`).
    private var writeback: WritebackWindow?

    private init(path: String, fd: Int32, ownsDescriptor: Bool, offset: Int64) {
        self.path = path
        self.fd = fd
        self.ownsDescriptor = ownsDescriptor
        self.offset = offset
        switch SystemCall.fileType(fd) {
        case S_IFREG?: kind = .regularFile
        case S_IFCHR?: kind = .characterDevice
        default: kind = .pipeOrStdout
        }
        writeback = kind == .regularFile ? WritebackWindow(from: offset) : nil
    }

    deinit {
        if ownsDescriptor && !closed { _ = SystemCall.close(fd) }
    }

    /// Opens `path` ("-" is stdout). `resumeAt` is only valid for a regular file no shorter than it.
    public static func open(_ path: String, resumeAt: Int64? = nil) throws -> OutputDevice {
        if path == "-" {
            guard resumeAt == nil else {
                throw TarStreamError.invalidArgument("cannot resume a stream written to stdout")
            }
            return OutputDevice(path: "stdout", fd: STDOUT_FILENO, ownsDescriptor: false, offset: 0)
        }
        let existing = SystemCall.fileType(path)
        let isRegular = existing == nil || existing == S_IFREG
        if resumeAt != nil && !isRegular {
            throw TarStreamError.invalidArgument("\(path): only a regular file can be resumed in place")
        }
        // Never O_TRUNC: a file is cut only once it is locked, so a second run aimed at the same
        // file (a resume started while the first still writes) cannot destroy what it holds.
        let fd = SystemCall.open(path, flags: isRegular ? O_WRONLY | O_CREAT : O_WRONLY)
        guard fd >= 0 else { throw TarStreamError.io(path: path, operation: "open", errno: errno) }
        let device = OutputDevice(path: path, fd: fd, ownsDescriptor: true, offset: resumeAt ?? 0)
        if device.kind == .regularFile {
            try device.lockFile()
            try device.cut(at: resumeAt ?? 0)
        }
        return device
    }

    /// An exclusive lock for as long as the file is open (flock: released by close or exit,
    /// a kill -9 included), so two writers never interleave in one stream.
    private func lockFile() throws {
        switch FileLock.exclusive(fd) {
        case .locked, .unsupported: return
        case .busy:
            throw TarStreamError.invalidArgument("\(path) is being written by another process (a serialize still running?); it was left as it is")
        case .failed(let code):
            throw TarStreamError.io(path: path, operation: "lock", errno: code)
        }
    }

    /// Cuts a regular file back to `length` and positions the next write there.
    private func cut(at length: Int64) throws {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw TarStreamError.io(path: path, operation: "stat", errno: errno) }
        guard length >= 0, Int64(info.st_size) >= length else {
            throw TarStreamError.invalidArgument(
                "\(path): cannot resume at byte \(length), the file has only \(info.st_size) bytes")
        }
        guard ftruncate(fd, off_t(length)) == 0 else {
            throw TarStreamError.io(path: path, operation: "truncate", errno: errno)
        }
        guard lseek(fd, off_t(length), SEEK_SET) == off_t(length) else {
            throw TarStreamError.io(path: path, operation: "seek", errno: errno)
        }
    }

    /// One write(2) of exactly these bytes. EINTR is retried; a short write to a file or pipe
    /// continues with the rest, a short write to a device means end of medium (a tape drive
    /// cannot take the rest of a block later). ENOSPC becomes `noSpace` naming path and offset.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        lock.lock(); defer { lock.unlock() }
        guard !closed else { throw TarStreamError.closed }
        guard var base = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            let written = SystemCall.write(fd, base, remaining)
            if written < 0 {
                let code = errno
                if code == ENOSPC { throw TarStreamError.noSpace(path: path, afterBytes: offset) }
                throw TarStreamError.io(path: path, operation: "write", errno: code)
            }
            offset += Int64(written)
            if written < remaining && kind == .characterDevice {
                throw TarStreamError.noSpace(path: path, afterBytes: offset)
            }
            base += written
            remaining -= written
        }
        if let code = writeback?.wrote(fd: fd, upTo: offset) {
            if code == ENOSPC { throw TarStreamError.noSpace(path: path, afterBytes: offset) }
            throw TarStreamError.io(path: path, operation: "write back", errno: code)
        }
    }

    /// fdatasync for regular files. A tape drive (and the st driver) buffers writes, so a write
    /// that returned is not yet on the medium: writing zero filemarks (`mt weof 0`, MTIOCTOP
    /// MTWEOF count 0) flushes both without leaving a mark. Other character devices (/dev/null)
    /// refuse the ioctl, which is fine; pipes have nothing to sync.
    public func sync() throws {
        lock.lock(); defer { lock.unlock() }
        guard !closed else { return }
        switch kind {
        case .regularFile:
            if SystemCall.dataSync(fd) != 0 {
                throw TarStreamError.io(path: path, operation: "fdatasync", errno: errno)
            }
        case .characterDevice:
            if SystemCall.flushTape(fd) != 0 && errno != ENOTTY && errno != EINVAL {
                throw TarStreamError.io(path: path, operation: "flush (MTWEOF 0)", errno: errno)
            }
        case .pipeOrStdout:
            return
        }
    }

    /// Closes the descriptor (stdout stays open). Safe to call twice.
    public func close() throws {
        lock.lock(); defer { lock.unlock() }
        guard !closed else { return }
        closed = true
        if ownsDescriptor && SystemCall.close(fd) != 0 {
            throw TarStreamError.io(path: path, operation: "close", errno: errno)
        }
    }
}
