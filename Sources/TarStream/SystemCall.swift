import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin, EINTR-safe wrappers over the few system calls the devices use. They live apart from
/// `OutputDevice`/`InputDevice`, whose methods are also named `write`, `read` and `close`.
enum SystemCall {
    static func open(_ path: String, flags: Int32, mode: mode_t = 0o666) -> Int32 {
        retrying { path.withCString { systemOpen($0, flags | O_CLOEXEC, mode) } }
    }

    static func write(_ fd: Int32, _ base: UnsafeRawPointer, _ count: Int) -> Int {
        retrying { systemWrite(fd, base, count) }
    }

    static func read(_ fd: Int32, _ base: UnsafeMutableRawPointer, _ count: Int) -> Int {
        retrying { systemRead(fd, base, count) }
    }

    /// Forces written data to the medium (fdatasync where it exists: metadata like atime need not be).
    static func dataSync(_ fd: Int32) -> Int32 {
        #if os(Linux)
        retrying { fdatasync(fd) }
        #else
        retrying { fsync(fd) }
        #endif
    }

    static func close(_ fd: Int32) -> Int32 { systemClose(fd) }


    /// `struct mtop` of <sys/mtio.h>: a short operation and an int count.
    private struct TapeOperation {
        var operation: Int16
        var count: Int32
    }

    /// MTIOCTOP with MTWEOF and a count of 0: flushes a tape drive's buffers (Linux st driver).
    static func flushTape(_ fd: Int32) -> Int32 {
        #if os(Linux)
        let mtiocTop: UInt = 0x4008_6d01   // _IOW('m', 1, struct mtop)
        let mtWEOF: Int16 = 5
        var request = TapeOperation(operation: mtWEOF, count: 0)
        return withUnsafeMutablePointer(to: &request) { ioctl(fd, mtiocTop, UnsafeMutableRawPointer($0)) }
        #else
        errno = ENOTTY
        return -1
        #endif
    }

    /// The file type bits of an open descriptor, or nil with errno set.
    static func fileType(_ fd: Int32) -> mode_t? {
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        return info.st_mode & S_IFMT
    }

    /// The file type bits of a path, or nil when it does not exist (or cannot be examined).
    static func fileType(_ path: String) -> mode_t? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return info.st_mode & S_IFMT
    }

    private static func retrying<T: BinaryInteger>(_ call: () -> T) -> T {
        while true {
            let result = call()
            if result >= 0 || errno != EINTR { return result }
        }
    }
}

// Free functions: inside `SystemCall` the bare names would resolve to its own members.
private func systemOpen(_ path: UnsafePointer<CChar>, _ flags: Int32, _ mode: mode_t) -> Int32 { open(path, flags, mode) }
private func systemWrite(_ fd: Int32, _ base: UnsafeRawPointer, _ count: Int) -> Int { write(fd, base, count) }
private func systemRead(_ fd: Int32, _ base: UnsafeMutableRawPointer, _ count: Int) -> Int { read(fd, base, count) }
private func systemClose(_ fd: Int32) -> Int32 { close(fd) }

/// An exclusive lock on an open file (flock: held until the file is closed or the process ends,
/// kill -9 included), taken before a stream or checkpoint file is cut or written.
public enum FileLock {
    public enum Outcome: Equatable {
        case locked
        /// Another open file holds it: another run is writing.
        case busy
        /// The file system has no locks (NFS without lockd, some FUSE): go on without one.
        case unsupported
        case failed(errno: Int32)
    }

    /// `busy` only when the lock stays taken for `patience` seconds: a process that forks
    /// (ours spawning a credential helper, a test runner starting a tool) holds the previous
    /// writer's lock for the instant between fork and exec, which is not another writer.
    public static func exclusive(_ fd: Int32, patience: Double = 0.2) -> Outcome {
        let deadline = Date().addingTimeInterval(patience)
        while true {
            var result: Int32
            repeat { result = flock(fd, LOCK_EX | LOCK_NB) } while result != 0 && errno == EINTR
            if result == 0 { return .locked }
            switch errno {
            case EWOULDBLOCK:
                if Date() >= deadline { return .busy }
                usleep(10_000)
            case ENOLCK, ENOSYS, EOPNOTSUPP: return .unsupported
            case let code: return .failed(errno: code)
            }
        }
    }
}
