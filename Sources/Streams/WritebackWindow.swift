#if canImport(Glibc)
import Glibc
#endif

/// Keeps the disk writing while a long stream is still produced.
///
/// Left alone, the kernel starts writing a file's dirty pages only once they pass a share of
/// memory (gigabytes on a big machine), so a multi-GiB stream would sit in the page cache and the
/// closing fdatasync would then wait for all of it: write time added to transfer time instead of
/// overlapping it. Every `window` bytes this starts writeback of what was written (without
/// waiting), and once more than `inFlight` bytes are under writeback it waits for the older half,
/// which also bounds the dirty memory a stream leaves behind to about `inFlight`.
///
/// An optimisation only where the call is missing: a file system without it (or a descriptor that
/// is not a file) turns it off and the closing fdatasync decides. A real write error is another
/// matter: waiting on the range consumes the kernel's error record, so the later fdatasync would
/// report success on lost data; it is returned to the caller, which fails the write.
public struct WritebackWindow: Sendable {
    public static let window: Int64 = 8 << 20
    public static let inFlight: Int64 = 64 << 20

    /// Writeback has been started up to here.
    public private(set) var started: Int64
    /// Writeback is known finished up to here.
    public private(set) var finished: Int64
    /// False once the call proved unsupported: the rest is left to the kernel and the fdatasync.
    public private(set) var enabled = true

    public init(from offset: Int64) {
        started = offset
        finished = offset
    }

    /// Call after bytes up to `offset` were written to `fd`. Returns the errno of a failed
    /// writeback (data that may not have reached the disk), nil when all is well.
    public mutating func wrote(fd: Int32, upTo offset: Int64) -> Int32? {
        guard enabled, offset - started >= Self.window else { return nil }
        if let code = LinuxCalls.startWriteback(fd: fd, offset: started, length: offset - started) { return failed(code) }
        started = offset
        guard started - finished > Self.inFlight else { return nil }
        let settled = started - Self.inFlight / 2
        if let code = LinuxCalls.waitWriteback(fd: fd, offset: finished, length: settled - finished) { return failed(code) }
        finished = settled
        return nil
    }

    /// Errors that mean "not here" rather than "the data is in trouble".
    public static func isUnsupported(_ code: Int32) -> Bool {
        [ENOSYS, ESPIPE, EINVAL, EOPNOTSUPP, ENOTSUP].contains(code)
    }

    private mutating func failed(_ code: Int32) -> Int32? {
        enabled = false
        return Self.isUnsupported(code) ? nil : code
    }
}
