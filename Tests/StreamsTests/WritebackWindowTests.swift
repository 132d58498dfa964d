import Foundation
import Streams
import Testing

@Suite struct WritebackWindowTests {
    /// 100 MiB written after a kept prefix in 1 MiB writes: writeback starts behind every window
    /// and is waited for once more than `inFlight` is under way; the file is intact.
    @Test func writebackFollowsAStreamAndKeepsItIntact() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("writeback-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("stream.tar").path
        let start: Int64 = 3 * 512
        try Data(repeating: 9, count: Int(start)).write(to: URL(fileURLWithPath: path))
        let fd = open(path, O_WRONLY | O_APPEND)
        try #require(fd >= 0)
        defer { close(fd) }

        var window = WritebackWindow(from: start)
        var offset = start
        let chunk = [UInt8](repeating: 0x5a, count: 1 << 20)
        for _ in 0..<100 {
            let written = chunk.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            try #require(written == chunk.count)
            offset += Int64(written)
            #expect(window.wrote(fd: fd, upTo: offset) == nil)
        }
        #expect(fdatasync(fd) == 0)

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
        #expect(window.wrote(fd: fds[1], upTo: WritebackWindow.window) == nil)
        #expect(!window.enabled)
        #expect(window.started == 0)
    }

    /// "Not here" turns the window off quietly; a failed write-out of data (EIO, ENOSPC) does
    /// not: its error would otherwise be consumed before the fdatasync could report it.
    @Test func onlyAMissingCallIsQuiet() {
        for code in [ENOSYS, ESPIPE, EINVAL, EOPNOTSUPP] { #expect(WritebackWindow.isUnsupported(code)) }
        for code in [EIO, ENOSPC, EDQUOT, EROFS] { #expect(!WritebackWindow.isUnsupported(code)) }
    }
}
