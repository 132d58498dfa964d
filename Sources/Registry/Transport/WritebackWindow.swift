import CLinux

/// Keeps the disk writing while a long stream is still produced.
///
/// Left alone, the kernel starts writing a file's dirty pages only once they pass a share of
/// memory (gigabytes on a big machine), so a multi-GiB stream would sit in the page cache and the
/// closing fdatasync would then wait for all of it: write time added to transfer time instead of
/// overlapping it. Every `window` bytes this starts writeback of what was written (without
/// waiting), and once more than `inFlight` bytes are under writeback it waits for the older half,
/// which also bounds the dirty memory a stream leaves behind to about `inFlight`.
///
/// Only an optimisation: the first failure (a file system without the call) turns it off, and the
/// closing fdatasync still decides durability.
public struct WritebackWindow: Sendable {
    public static let window: Int64 = 8 << 20
    public static let inFlight: Int64 = 64 << 20

    /// Writeback has been started up to here.
    public private(set) var started: Int64
    /// Writeback is known finished up to here.
    public private(set) var finished: Int64
    /// False once a call failed: the rest of the stream is left to the kernel and the fdatasync.
    public private(set) var enabled = true

    public init(from offset: Int64) {
        started = offset
        finished = offset
    }

    /// Call after bytes up to `offset` were written to `fd`.
    public mutating func wrote(fd: Int32, upTo offset: Int64) {
        guard enabled, offset - started >= Self.window else { return }
        guard ferry_start_writeback(fd, started, offset - started) == 0 else { enabled = false; return }
        started = offset
        guard started - finished > Self.inFlight else { return }
        let settled = started - Self.inFlight / 2
        guard ferry_wait_writeback(fd, finished, settled - finished) == 0 else { enabled = false; return }
        finished = settled
    }
}
