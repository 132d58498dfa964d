import Foundation
import Streams
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The pipe a credential helper writes its answer to, read in memory (the answer is a secret)
/// and bounded in size and time.
///
/// End-of-file alone cannot end the read: a daemon the helper started may hold the pipe open
/// for as long as it lives. The read ends when the helper has exited and the pipe holds nothing
/// more, at end-of-file, or at the deadline.
final class HelperOutputReader {
    /// What the helper said, how it ended (nil at the deadline) and whether it said too much.
    struct Outcome {
        var data: Data
        var termination: ChildProcess.Termination?
        var overflowed: Bool
    }

    /// More than any credential answer; a helper printing megabytes is broken or hostile.
    static let limit = 1 << 20

    private let readEnd: Int32
    private(set) var writeEnd: Int32

    init() throws {
        let ends = try ChildProcess.makePipe()
        readEnd = ends.read
        writeEnd = ends.write
        _ = fcntl(readEnd, F_SETFL, fcntl(readEnd, F_GETFL) | O_NONBLOCK)
    }

    deinit {
        close(readEnd)
        closeWriteEnd()
    }

    /// Closes ferry's copy of the write end once the child holds its own.
    func closeWriteEnd() {
        if writeEnd >= 0 { close(writeEnd) }
        writeEnd = -1
    }

    /// Runs `executable` with its stdout into a new reader and reads it (see `read`). A child
    /// still running at the deadline is stopped; its outcome then has no termination. Throws
    /// only when the child cannot be started.
    static func capture(executable: String, arguments: [String], environment: [String: String],
                        standardInput: Int32, standardError: Int32, timeout: TimeInterval) throws -> Outcome {
        let reader = try HelperOutputReader()
        let child = try ChildProcess(executable: executable, arguments: arguments, environment: environment,
                                     standardInput: standardInput, standardOutput: reader.writeEnd, standardError: standardError)
        reader.closeWriteEnd()
        let outcome = reader.read(until: child, timeout: timeout)
        if outcome.termination == nil { child.stop(grace: 1) }
        return outcome
    }

    func read(until child: ChildProcess, timeout: TimeInterval) -> Outcome {
        let deadline = Date().addingTimeInterval(timeout)
        var outcome = Outcome(data: Data(), termination: nil, overflowed: false)
        var buffer = [UInt8](repeating: 0, count: 16 << 10)
        while Date() < deadline {
            // Checked before draining: whatever the helper wrote before exiting is in the pipe.
            let ended = child.poll()
            switch drain(into: &outcome, buffer: &buffer) {
            case .endOfFile:
                outcome.termination = ended ?? child.wait(timeout: deadline.timeIntervalSinceNow)
                return outcome
            case .overflowed:
                outcome.overflowed = true
                child.send(SIGKILL)
                outcome.termination = child.wait(timeout: 5)
                return outcome
            case .empty:
                if let ended {
                    outcome.termination = ended
                    return outcome
                }
                var descriptor = pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)
                _ = Glibc.poll(&descriptor, 1, 50)
            }
        }
        return outcome
    }

    private enum DrainResult { case empty, endOfFile, overflowed }

    /// Reads everything the pipe holds now, without blocking.
    private func drain(into outcome: inout Outcome, buffer: inout [UInt8]) -> DrainResult {
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(readEnd, $0.baseAddress, $0.count) }
            if count > 0 {
                outcome.data.append(contentsOf: buffer[0..<count])
                if outcome.data.count > Self.limit { return .overflowed }
                continue
            }
            if count == 0 { return .endOfFile }
            if errno == EINTR { continue }
            return .empty
        }
    }
}
