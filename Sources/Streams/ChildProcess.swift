import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A program started with `posix_spawn` and reaped with `waitpid` on its own pid.
///
/// Foundation's `Process` on Linux learns that a child ended when a socket the child inherited
/// reaches end-of-file. Any other program spawned at the same moment (or a daemon the child
/// starts) can inherit that socket too, and then `waitUntilExit` waits for the wrong process,
/// forever. Here the child gets only the three descriptors it is given (everything from 3 up is
/// closed in the child), and its end is seen by `waitpid`, which nothing else can hold open.
public final class ChildProcess: @unchecked Sendable {
    /// How a child ended.
    public enum Termination: Sendable, Equatable {
        case exited(Int32)
        case signalled(Int32)

        /// The exit code, or the signal number for a child killed by a signal (what
        /// Foundation's `terminationStatus` reports).
        public var status: Int32 {
            switch self {
            case .exited(let code), .signalled(let code): code
            }
        }
    }

    public let pid: pid_t
    // Invariant: `ended` is written once, under `lock`, by whichever caller reaps the child.
    private let lock = NSLock()
    private var ended: Termination?

    /// Starts `executable` (a path; nothing is looked up on `PATH`) with `arguments` and exactly
    /// `environment`. The three descriptors become the child's 0, 1 and 2; the caller keeps and
    /// closes its own copies. `ownProcessGroup` puts the child in a new process group, so a
    /// Ctrl-C aimed at ferry's group does not reach it.
    public init(
        executable: String,
        arguments: [String],
        environment: [String: String],
        standardInput: Int32,
        standardOutput: Int32,
        standardError: Int32,
        ownProcessGroup: Bool = false
    ) throws(ChildProcessError) {
        let environmentStrings = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        let spawned = LinuxCalls.spawn(
            path: executable, argv: [executable] + arguments, envp: environmentStrings,
            input: standardInput, output: standardOutput, error: standardError, newGroup: ownProcessGroup)
        switch spawned {
        case .success(let child): pid = child
        case .failure(let failure):
            throw ChildProcessError(executable: executable, reason: String(cString: strerror(failure.code)))
        }
    }

    /// How the child ended, or nil while it runs. Never blocks.
    public func poll() -> Termination? {
        lock.lock()
        defer { lock.unlock() }
        if let ended { return ended }
        var status: Int32 = 0
        var result: pid_t
        repeat { result = waitpid(pid, &status, WNOHANG) } while result == -1 && errno == EINTR
        guard result == pid else { return nil }
        let signal = status & 0x7f
        ended = signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal)
        return ended
    }

    public var isRunning: Bool { poll() == nil }

    /// Blocks the calling thread until the child ends, or `timeout` seconds pass (nil then).
    /// Polls with a short, growing sleep: a few milliseconds of latency, no signal handler.
    public func wait(timeout: TimeInterval = .infinity) -> Termination? {
        let deadline = Date().addingTimeInterval(timeout)
        var pause: useconds_t = 1000
        while true {
            if let ended = poll() { return ended }
            if Date() >= deadline { return nil }
            usleep(pause)
            pause = min(pause * 2, 20_000)
        }
    }

    /// Sends `signal` unless the child has already been reaped (its pid may be reused).
    public func send(_ signal: Int32) {
        lock.lock()
        defer { lock.unlock() }
        if ended == nil { kill(pid, signal) }
    }

    /// SIGTERM, then SIGKILL when the child is still there after `grace` seconds; returns once
    /// it has been reaped.
    @discardableResult
    public func stop(grace: TimeInterval = 5) -> Termination {
        send(SIGTERM)
        if let ended = wait(timeout: grace) { return ended }
        send(SIGKILL)
        return wait() ?? .signalled(SIGKILL)
    }
}

/// A child program could not be started.
public struct ChildProcessError: Error, CustomStringConvertible, Sendable {
    public let executable: String
    public let reason: String

    public var description: String { "could not run \(executable): \(reason)" }
}

extension ChildProcess {
    /// A pipe for a child's output, both ends close-on-exec (the child gets its end by dup2).
    public static func makePipe() throws(ChildProcessError) -> (read: Int32, write: Int32) {
        guard let ends = LinuxCalls.pipe() else {
            throw ChildProcessError(executable: "pipe", reason: String(cString: strerror(errno)))
        }
        return ends
    }
}
