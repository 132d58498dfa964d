import Foundation
import Testing
@testable import TarStream

/// Watches the real system calls: strace attaches to this test process and logs every write(2)
/// with the path behind each descriptor (-y), so the check covers libarchive, the block writer
/// and OutputDevice together. Needs the `strace` package and ptrace permission (root or
/// CAP_SYS_PTRACE in a container); it fails, naming the package, when either is missing.
@Suite struct BlockWriterStraceTests {
    @Test func onlyWholeBlocksReachTheOutputDescriptor() throws {
        guard let strace = toolPath("strace") else {
            Issue.record("strace is not installed: this test needs the apt package `strace`")
            return
        }
        let scratch = try ScratchDirectory()
        let path = scratch.path("traced.tar"), log = scratch.path("strace.log")
        let tracer = Process()
        tracer.executableURL = URL(fileURLWithPath: strace)
        tracer.arguments = ["-f", "-y", "-qq", "-e", "trace=write", "-e", "signal=none", "-o", log,
                            "-p", "\(getpid())"]
        let tracerErrors = Pipe()
        tracer.standardError = tracerErrors
        try tracer.run()
        guard waitUntilTraced(seconds: 10) else {
            kill(tracer.processIdentifier, SIGKILL)
            tracer.waitUntilExit()
            let message = String(decoding: tracerErrors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            Issue.record("strace could not attach (ptrace not permitted?): \(message)")
            return
        }

        let blockSize = 64 << 10
        let device = try OutputDevice.open(path)
        let blocks = BlockWriter(device: device, blockSize: blockSize, bufferSize: 4 * blockSize, highWaterMark: 50)
        let writer = try TarWriter(output: blocks)
        for (index, size) in [0, 1, 511, 513, 70_000, 300_001].enumerated() {
            try writer.addFile("blob\(index)", size: Int64(size), from: PatternSource(size: Int64(size)))
        }
        try writer.finish()
        try blocks.finish()
        try device.close()
        let streamSize = writer.position

        let expected = Int((streamSize + Int64(blockSize) - 1) / Int64(blockSize))
        let lines = tracedWrites(log: log, path: path, expected: expected, seconds: 15)
        // strace attached with -p holds SIGINT blocked while it is busy and may never act on it;
        // killing it is safe: the kernel detaches and resumes every tracee of a dead tracer.
        kill(tracer.processIdentifier, SIGKILL)
        tracer.waitUntilExit()
        let lengths = lines.compactMap(requestedLength)
        #expect(lengths.count == lines.count, "every traced write parsed: \(lines.prefix(3))")
        #expect(lengths.count == expected)
        #expect(lengths.allSatisfy { $0 == blockSize }, "write sizes: \(lengths)")
        #expect(!lines.contains { $0.contains(") = ") && !$0.hasSuffix(") = \(blockSize)") }, "short or failed write")
    }

    /// The count argument of a logged `write(fd<path>, "..."..., COUNT) = N` line (also when
    /// strace split it as `<unfinished ...>` because another thread made a call meanwhile).
    private func requestedLength(_ line: Substring) -> Int? {
        let pattern = /, (\d+)(\) += -?\d+.*| <unfinished \.\.\.>)$/
        guard let match = line.firstMatch(of: pattern) else { return nil }
        return Int(match.1)
    }

    /// The log lines of writes to `path`, once `expected` of them are there (or time is up).
    private func tracedWrites(log: String, path: String, expected: Int, seconds: Double) -> [Substring] {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            let lines = text.split(separator: "\n").filter { $0.contains("<\(path)>") }
            if lines.count >= expected || Date() >= deadline { return lines }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    /// Waits until strace has attached to the calling thread (TracerPid in its status).
    private func waitUntilTraced(seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let status = (try? String(contentsOfFile: "/proc/thread-self/status", encoding: .utf8)) ?? ""
            if let line = status.split(separator: "\n").first(where: { $0.hasPrefix("TracerPid:") }),
               line.split(separator: "\t").last.map({ $0 != "0" }) == true {
                return true
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return false
    }
}
