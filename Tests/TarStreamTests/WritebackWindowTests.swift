import Foundation
import Testing
@testable import TarStream

@Suite struct WritebackWindowTests {
    /// A resumed stream of 100 MiB written in 1 MiB writes: writeback starts behind every window
    /// and is waited for once more than `inFlight` is under way; the file is intact.
    @Test func writebackFollowsAStreamAndKeepsItIntact() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.path("stream.tar")
        let start: Int64 = 3 * 512
        try Data(repeating: 9, count: Int(start)).write(to: URL(fileURLWithPath: path))
        let device = try OutputDevice.open(path, resumeAt: start)
        let fd = open(path, O_WRONLY)
        #expect(fd >= 0)
        defer { close(fd) }

        var window = WritebackWindow(from: start)
        var offset = start
        let chunk = [UInt8](repeating: 0x5a, count: 1 << 20)
        for _ in 0..<100 {
            try chunk.withUnsafeBytes { try device.write($0) }
            offset += Int64(chunk.count)
            window.wrote(fd: fd, upTo: offset)
        }
        try device.sync()
        try device.close()

        #expect(window.enabled)
        #expect(offset - window.started < WritebackWindow.window)
        #expect(window.finished > start && offset - window.finished <= WritebackWindow.inFlight)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(data.count == Int(offset))
        #expect(data.prefix(Int(start)).allSatisfy { $0 == 9 } && data.dropFirst(Int(start)).allSatisfy { $0 == 0x5a })
    }

    /// A descriptor that cannot take the call (a pipe) turns the window off instead of failing.
    @Test func anUnsupportedDescriptorTurnsItOff() {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]); close(fds[1]) }
        var window = WritebackWindow(from: 0)
        window.wrote(fd: fds[1], upTo: WritebackWindow.window)
        #expect(!window.enabled)
        #expect(window.started == 0)
    }
}
