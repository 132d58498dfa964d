import Foundation
import Streams
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A child's end is seen by its own pid, whoever else holds its descriptors, and a child
/// inherits no descriptor but the three it is given.
@Suite struct ChildProcessTests {
    private static func null() throws -> FileHandle { try FileHandle(forUpdating: URL(fileURLWithPath: "/dev/null")) }

    @Test func theEndOfAChildIsSeenWhileItsDaemonLivesOn() throws {
        let null = try Self.null()
        defer { try? null.close() }
        let started = Date()
        let child = try ChildProcess(
            executable: "/bin/sh", arguments: ["-c", "/bin/sleep 20 & exit 3"], environment: [:],
            standardInput: null.fileDescriptor, standardOutput: null.fileDescriptor, standardError: null.fileDescriptor)
        #expect(child.wait(timeout: 10) == .exited(3))
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(!child.isRunning)
    }

    @Test func aChildInheritsOnlyItsThreeDescriptors() throws {
        // A descriptor without close-on-exec, as a library (or Foundation) may leave open.
        var ends: [Int32] = [-1, -1]
        #expect(pipe(&ends) == 0)
        defer { close(ends[0]); close(ends[1]) }
        let null = try Self.null()
        defer { try? null.close() }
        let child = try ChildProcess(
            executable: "/bin/sleep", arguments: ["5"], environment: [:],
            standardInput: null.fileDescriptor, standardOutput: null.fileDescriptor, standardError: null.fileDescriptor)
        defer { child.stop(grace: 1) }
        // sleep itself may open a file for a moment as it starts (the locale archive): an
        // inherited descriptor stays for its whole life, so the listing must settle to 0, 1, 2.
        var inherited: [String] = []
        let deadline = Date().addingTimeInterval(3)
        repeat {
            inherited = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(child.pid)/fd").sorted()
            if inherited == ["0", "1", "2"] { break }
            Thread.sleep(forTimeInterval: 0.05)
        } while Date() < deadline
        #expect(inherited == ["0", "1", "2"])
    }

    @Test func stopEndsAChildThatIgnoresTerminate() throws {
        let null = try Self.null()
        defer { try? null.close() }
        // The shell says when its trap is set: a TERM before that would end it.
        let ready = try ChildProcess.makePipe()
        defer { close(ready.read) }
        let child = try ChildProcess(
            executable: "/bin/sh", arguments: ["-c", "trap '' TERM; echo ready; /bin/sleep 20 & wait"], environment: [:],
            standardInput: null.fileDescriptor, standardOutput: ready.write, standardError: null.fileDescriptor)
        close(ready.write)
        var waiting = pollfd(fd: ready.read, events: Int16(POLLIN), revents: 0)
        #expect(poll(&waiting, 1, 10_000) == 1, "the shell did not set its trap within 10 s")
        #expect(child.stop(grace: 0.5) == .signalled(SIGKILL))
        #expect(child.wait(timeout: 0) == .signalled(SIGKILL))
    }

    @Test func aMissingProgramIsAnError() throws {
        let null = try Self.null()
        defer { try? null.close() }
        #expect(throws: ChildProcessError.self) {
            try ChildProcess(
                executable: "/nonexistent/tool", arguments: [], environment: [:],
                standardInput: null.fileDescriptor, standardOutput: null.fileDescriptor, standardError: null.fileDescriptor)
        }
    }
}
