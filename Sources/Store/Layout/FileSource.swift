import Foundation
import OCI
import Registry

#if canImport(Glibc)
import Glibc
import Streams
#endif

/// A file read from an offset with plain POSIX reads: no mapping, no whole-file loads.
// Invariant: `fd` is touched only with `lock` held.
public final class FileSource: ByteSource, @unchecked Sendable {
    private var fd: Int32
    private let lock = NSLock()

    /// Only a regular file is opened (see `RegularFile`): a FIFO or device would block or never end.
    public init(path: String, offset: Int64 = 0) throws {
        fd = try RegularFile.open(path)
        if offset > 0 && lseek(fd, off_t(offset), SEEK_SET) < 0 {
            let code = errno
            Glibc.close(fd)
            throw StoreError.io(path: path, operation: "seek", errno: code)
        }
    }

    deinit { close() }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        lock.lock(); defer { lock.unlock() }
        guard fd >= 0, let base = buffer.baseAddress else { return 0 }
        while true {
            let n = Glibc.read(fd, base, buffer.count)
            if n >= 0 { return n }
            if errno != EINTR { throw StoreError.io(path: "fd \(fd)", operation: "read", errno: errno) }
        }
    }

    public func close() {
        lock.lock(); defer { lock.unlock() }
        if fd >= 0 { Glibc.close(fd); fd = -1 }
    }
}
