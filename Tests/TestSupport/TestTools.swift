import Streams
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Running the external tools tests rely on (skopeo, curl, openssl, docker-registry) and the few
/// machine resources they need (free ports, scratch directories).
///
/// All of it is synchronous and blocks the calling thread until the tool exits; from async tests
/// that is fine (it only narrows parallelism), but never wait on a tool from inside a server
/// callback of this module.
public enum TestTools {
    /// What a finished command printed and how it exited.
    public struct Result: Sendable {
        public let status: Int32
        /// Standard output decoded as UTF-8 (lossy); use `stdoutData` when bytes matter.
        public let stdout: String
        public let stderr: String
        /// Standard output exactly as written, e.g. a manifest from `skopeo inspect --raw`.
        public let stdoutData: Data

        public init(status: Int32, stdoutData: Data, stderr: String) {
            self.status = status
            self.stdoutData = stdoutData
            self.stdout = String(decoding: stdoutData, as: UTF8.self)
            self.stderr = stderr
        }
    }

    /// Runs `executable` (looked up on `PATH` unless it contains a `/`) to completion.
    ///
    /// Output goes to temporary files rather than pipes so a chatty tool can never deadlock
    /// against a full pipe buffer. `environment` entries are added to (and override) the
    /// inherited environment, so callers never lose `PATH` or `HOME` by accident.
    /// A command still running after `timeout` seconds is killed and reported as an error.
    public static func run(
        _ executable: String,
        _ arguments: [String],
        stdin: Data? = nil,
        environment: [String: String]? = nil,
        timeout: TimeInterval = 300
    ) throws -> Result {
        ProcessSignals.ignoreSIGPIPE()
        let scratch = try makeTempDirectory("ferry-run")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("stdout")
        let errURL = scratch.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)

        let outHandle = try FileHandle(forWritingTo: outURL)
        let errHandle = try FileHandle(forWritingTo: errURL)
        let inHandle: FileHandle
        if let stdin {
            let inURL = scratch.appendingPathComponent("stdin")
            try stdin.write(to: inURL)
            inHandle = try FileHandle(forReadingFrom: inURL)
        } else {
            inHandle = try FileHandle(forReadingFrom: URL(fileURLWithPath: "/dev/null"))
        }
        defer {
            try? outHandle.close()
            try? errHandle.close()
            try? inHandle.close()
        }
        let child = try ChildProcess(
            executable: try resolve(executable).path, arguments: arguments,
            environment: ProcessInfo.processInfo.environment.merging(environment ?? [:]) { $1 },
            standardInput: inHandle.fileDescriptor, standardOutput: outHandle.fileDescriptor,
            standardError: errHandle.fileDescriptor)
        guard let termination = child.wait(timeout: timeout) else {
            child.stop(grace: 0.2)
            throw TestSupportError.commandTimedOut(command: describe(executable, arguments), seconds: timeout)
        }
        let out = (try? Data(contentsOf: outURL)) ?? Data()
        let err = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        return Result(status: termination.status, stdoutData: out, stderr: err)
    }

    /// Like `run`, but a non-zero exit becomes a thrown `TestSupportError.commandFailed`
    /// carrying the command line and its stderr.
    @discardableResult
    public static func runChecked(
        _ executable: String,
        _ arguments: [String],
        stdin: Data? = nil,
        environment: [String: String]? = nil,
        timeout: TimeInterval = 300
    ) throws -> Result {
        let result = try run(executable, arguments, stdin: stdin, environment: environment, timeout: timeout)
        guard result.status == 0 else {
            throw TestSupportError.commandFailed(
                command: describe(executable, arguments), status: result.status, stderr: result.stderr)
        }
        return result
    }

    /// A TCP port on 127.0.0.1 that was free a moment ago: binds port 0, reads what the kernel
    /// chose, closes. Another process could take it before the caller binds it, so servers that
    /// use this retry on "address already in use".
    public static func freePort() throws -> Int {
        let listener = try SocketListener(port: 0)
        defer { listener.close() }
        return listener.port
    }

    /// A new empty directory under the system temp directory, named `<prefix>.XXXXXX`.
    /// The caller may remove it; whatever is left is removed when the test process exits, so
    /// the suite leaves nothing in the temporary directory.
    public static func makeTempDirectory(_ prefix: String) throws -> URL {
        let base = FileManager.default.temporaryDirectory.path
        var template = Array("\(base)/\(prefix).XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer -> Bool in
            guard let address = buffer.baseAddress else { return false }
            return mkdtemp(address) != nil
        }
        guard made else { throw TestSupportError.system("mkdtemp(\(prefix))", errno: errno) }
        let path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        LeftAtExit.shared.add(path)
        return URL(fileURLWithPath: path, isDirectory: true)
    }

    /// The full path of `name` on `PATH`, or the name itself if it already contains a `/`.
    public static func resolve(_ name: String) throws -> URL {
        if name.contains("/") { return URL(fileURLWithPath: name) }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") where !directory.isEmpty {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) {
                return URL(fileURLWithPath: candidate)
            }
        }
        throw TestSupportError.toolNotFound(name)
    }

    /// A shell-like rendering of a command for error messages.
    static func describe(_ executable: String, _ arguments: [String]) -> String {
        ([executable] + arguments).map { $0.contains(" ") ? "'\($0)'" : $0 }.joined(separator: " ")
    }
}

/// Process-wide signal setup shared by everything that writes to sockets or child pipes.
enum ProcessSignals {
    private static let once: Void = {
        // A peer that closes early (a client the fault proxy cut off, a tool that exits
        // before reading stdin) must produce EPIPE, not kill the whole test process.
        signal(SIGPIPE, SIG_IGN)
    }()

    static func ignoreSIGPIPE() {
        _ = once
    }
}

/// Directories the tests made, removed when the test process exits.
final class LeftAtExit: @unchecked Sendable {
    static let shared: LeftAtExit = {
        let registry = LeftAtExit()
        atexit { LeftAtExit.shared.removeAll() }
        return registry
    }()

    // Invariant: `paths` is only touched with `lock` held.
    private let lock = NSLock()
    private var paths: [String] = []

    func add(_ path: String) { lock.lock(); paths.append(path); lock.unlock() }

    func removeAll() {
        lock.lock(); let all = paths; paths = []; lock.unlock()
        for path in all { try? FileManager.default.removeItem(atPath: path) }
    }
}
