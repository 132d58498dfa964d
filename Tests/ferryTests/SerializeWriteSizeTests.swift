import Foundation
import Testing
import TestSupport

/// Watches a real `ferry serialize` run under strace: every write(2) to the stream file must be
/// exactly one block, as a tape drive requires. strace starts ferry itself (no attach to a running
/// process, so no ptrace permission beyond the default is needed).
@Suite struct SerializeWriteSizeTests {
    /// A small umoci-built layout (one 3 MiB random layer) in a fresh directory.
    private func makeLayout() throws -> (dir: URL, layout: String) {
        let dir = try TestTools.makeTempDirectory("ferry-strace")
        let layout = dir.appendingPathComponent("layout").path
        try TestTools.runChecked("umoci", ["init", "--layout", layout])
        try TestTools.runChecked("umoci", ["new", "--image", "\(layout):t"])
        let payload = dir.appendingPathComponent("payload")
        try FileManager.default.createDirectory(at: payload, withIntermediateDirectories: true)
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<(3 << 20) + 12345).map { _ in UInt8.random(in: 0...255, using: &generator) }
        try Data(bytes).write(to: payload.appendingPathComponent("data.bin"))
        try TestTools.runChecked("umoci", ["insert", "--rootless", "--image", "\(layout):t", payload.path, "/data"])
        return (dir, layout)
    }

    @Test func everyWriteToTheStreamIsOneBlock() throws {
        let (dir, layout) = try makeLayout()
        defer { try? FileManager.default.removeItem(at: dir) }

        let stream = dir.appendingPathComponent("stream.tar").path
        let log = dir.appendingPathComponent("strace.log").path
        let block = 64 * 1024
        try TestTools.runChecked("strace", ["-f", "-y", "-qq", "-e", "trace=write", "-e", "signal=none", "-o", log,
                                            FerryBinary.path, "serialize", "oci:\(layout):t", stream, "-b", "64KiB", "-q"])
        let size = try #require(try FileManager.default.attributesOfItem(atPath: stream)[.size] as? NSNumber).intValue
        #expect(size % block == 0 && size > 3 << 20)

        // Lines look like: 1234 write(5</tmp/.../stream.tar>, "..."..., 65536) = 65536
        let text = try String(contentsOfFile: log, encoding: .utf8)
        let writes = text.split(separator: "\n").filter { $0.contains("<\(stream)>") }
        let results = writes.compactMap { line in line.split(separator: "=").last.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } }
        #expect(results.count == writes.count, "every write to the stream completed in one call")
        #expect(results.reduce(0, +) == size)
        #expect(results.allSatisfy { $0 == block }, "write sizes seen: \(Set(results).sorted())")
    }

    /// A full device (/dev/full: every write fails with ENOSPC) is a clear error naming it, and the
    /// checkpoint holds no line for anything that did not reach the medium.
    @Test func fullDeviceIsAClearErrorAndTheCheckpointStaysValid() throws {
        let (dir, layout) = try makeLayout()
        defer { try? FileManager.default.removeItem(at: dir) }
        let checkpoint = dir.appendingPathComponent("cp.jsonl").path
        let result = try FerryBinary.run(["serialize", "oci:\(layout):t", "/dev/full", "-b", "64KiB", "--checkpoint", checkpoint])
        #expect(result.status == 1)
        #expect(result.stderr.contains("/dev/full"), "\(result.stderr)")
        #expect(result.stderr.lowercased().contains("space"), "\(result.stderr)")
        let lines = try String(contentsOfFile: checkpoint, encoding: .utf8)
        #expect(lines.isEmpty, "nothing reached the medium, so nothing is checkpointed: \(lines)")
    }
}
