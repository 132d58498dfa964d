import Config
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Opens files whose names come from a directory someone else may have written (a layout, a
/// spool): only regular files. Opening a FIFO for reading blocks until a writer appears, a device
/// can have side effects (a tape rewinds) or never end, and a directory is not content; each is
/// refused with its kind, before any read.
enum RegularFile {
    /// A read-only descriptor of the regular file at `path`, positioned at its start.
    static func open(_ path: String) throws -> Int32 {
        // Look before opening, so a device is never opened at all; then check what was opened
        // (O_NONBLOCK: a FIFO swapped in meanwhile does not block), in case it changed between.
        var info = stat()
        guard stat(path, &info) == 0 else { throw StoreError.io(path: path, operation: "open", errno: errno) }
        try require(info, path)
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        guard fd >= 0 else { throw StoreError.io(path: path, operation: "open", errno: errno) }
        do {
            guard fstat(fd, &info) == 0 else { throw StoreError.io(path: path, operation: "stat", errno: errno) }
            try require(info, path)
            let flags = fcntl(fd, F_GETFL)
            guard flags >= 0, fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) == 0 else {
                throw StoreError.io(path: path, operation: "open", errno: errno)
            }
            return fd
        } catch {
            Glibc.close(fd)
            throw error
        }
    }

    /// A write-only descriptor of a new (or truncated) regular file at `path`. A symlink, FIFO
    /// or device already there is refused instead of written through or waited on.
    static func create(_ path: String) throws -> Int32 {
        let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw StoreError.io(path: path, operation: "create", errno: errno) }
        var info = stat()
        do {
            guard fstat(fd, &info) == 0 else { throw StoreError.io(path: path, operation: "stat", errno: errno) }
            try require(info, path)
        } catch {
            Glibc.close(fd)
            throw error
        }
        return fd
    }

    /// The whole file at `path`, refused beyond `limit` bytes (manifests, index.json).
    static func read(_ path: String, limit: Int) throws -> Data {
        let fd = try open(path)
        defer { Glibc.close(fd) }
        do {
            return try DescriptorReader.readAll(fd, limit: limit)
        } catch .system(let code) {
            throw StoreError.io(path: path, operation: "read", errno: code)
        } catch .tooLarge {
            throw StoreError.notRegularFile(path: path, kind: "larger than \(limit) bytes")
        }
    }

    /// Whether `path` is a regular file (following symlinks); false for anything else or nothing.
    static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
    }

    private static func require(_ info: stat, _ path: String) throws {
        let kind: String
        switch info.st_mode & S_IFMT {
        case S_IFREG: return
        case S_IFIFO: kind = "a FIFO"
        case S_IFCHR: kind = "a character device"
        case S_IFBLK: kind = "a block device"
        case S_IFDIR: kind = "a directory"
        case S_IFSOCK: kind = "a socket"
        default: kind = "of unknown type"
        }
        throw StoreError.notRegularFile(path: path, kind: kind)
    }
}
