import Foundation

/// Failures of the test-support machinery itself (a tool missing, a server that would not start).
///
/// Each case carries enough context (command line, exit status, captured log) that a failing test
/// explains itself without re-running anything by hand.
public enum TestSupportError: Error, CustomStringConvertible {
    /// An executable was not found on `PATH`.
    case toolNotFound(String)
    /// A command exited non-zero; `stderr` is what it printed.
    case commandFailed(command: String, status: Int32, stderr: String)
    /// A command ran longer than allowed and was killed.
    case commandTimedOut(command: String, seconds: Double)
    /// A server process did not become ready; `log` is what it printed.
    case serverDidNotStart(String, log: String)
    /// A POSIX call failed.
    case system(String, errno: Int32)
    /// Input to a fixture builder or helper was unusable.
    case invalidInput(String)
    /// A response from a real server was not what the helper needed.
    case unexpectedResponse(String)

    public var description: String {
        switch self {
        case .toolNotFound(let name):
            return "test tool '\(name)' not found on PATH (install it: see .ci/run)"
        case .commandFailed(let command, let status, let stderr):
            return "command failed with status \(status): \(command)\n\(stderr)"
        case .commandTimedOut(let command, let seconds):
            return "command timed out after \(seconds) s: \(command)"
        case .serverDidNotStart(let what, let log):
            return "\(what) did not start; its log:\n\(log)"
        case .system(let call, let code):
            return "\(call) failed: \(String(cString: strerror(code))) (errno \(code))"
        case .invalidInput(let message):
            return "invalid input: \(message)"
        case .unexpectedResponse(let message):
            return "unexpected response: \(message)"
        }
    }
}
