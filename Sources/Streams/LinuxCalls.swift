import CLinux
#if canImport(Glibc)
import Glibc
#endif

/// The calls ferry needs that Swift's Glibc module does not export; the one Swift file of this
/// module that imports the `CLinux` shim.
public enum LinuxCalls {
    /// Caps glibc's malloc arenas (mallopt M_ARENA_MAX). Every transfer runs on a thread of its
    /// own, and glibc would give busy threads arenas of their own that keep freed memory resident.
    /// Returns false where the call does not exist or failed.
    @discardableResult
    public static func limitMallocArenas(_ arenas: Int32) -> Bool {
        ferry_limit_malloc_arenas(arenas) == 1
    }

    /// Starts writeback of `length` bytes of `fd` from `offset` without waiting for it
    /// (sync_file_range SYNC_FILE_RANGE_WRITE). Returns nil, or the errno it failed with.
    static func startWriteback(fd: Int32, offset: Int64, length: Int64) -> Int32? {
        ferry_start_writeback(fd, offset, length) == 0 ? nil : errno
    }

    /// Waits until the range's writeback is done (starting any that was not). Returns nil, or
    /// the errno it failed with.
    static func waitWriteback(fd: Int32, offset: Int64, length: Int64) -> Int32? {
        ferry_wait_writeback(fd, offset, length) == 0 ? nil : errno
    }

    /// posix_spawn with exactly three inherited descriptors; see `ferry_spawn`. Returns the
    /// child's pid, or the errno value posix_spawn failed with.
    static func spawn(
        path: String, argv: [String], envp: [String], input: Int32, output: Int32, error: Int32, newGroup: Bool
    ) -> Result<pid_t, SpawnFailure> {
        let arguments = CStringArray(argv)
        let environment = CStringArray(envp)
        var pid: pid_t = 0
        let result = ferry_spawn(&pid, path, arguments.pointers, environment.pointers, input, output, error, newGroup ? 1 : 0)
        return result == 0 ? .success(pid) : .failure(SpawnFailure(code: result))
    }

    struct SpawnFailure: Error {
        let code: Int32
    }

    /// A pipe whose ends are close-on-exec from the start (pipe2 O_CLOEXEC).
    static func pipe() -> (read: Int32, write: Int32)? {
        var ends: [Int32] = [-1, -1]
        guard ends.withUnsafeMutableBufferPointer({ ferry_pipe_cloexec($0.baseAddress) }) == 0 else { return nil }
        return (ends[0], ends[1])
    }
}

/// NUL-terminated C strings for `argv`/`envp`, freed when the value goes away.
private final class CStringArray {
    let pointers: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
    private let count: Int

    init(_ strings: [String]) {
        count = strings.count
        pointers = .allocate(capacity: strings.count + 1)
        for (index, string) in strings.enumerated() { pointers[index] = strdup(string) }
        pointers[strings.count] = nil
    }

    deinit {
        for index in 0..<count { free(pointers[index]) }
        pointers.deallocate()
    }
}
