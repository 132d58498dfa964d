import Foundation
import Testing
@testable import TarStream

/// A stream written raw onto a disk (`dd of=/dev/sdb`) is followed there by whatever the disk held
/// before: on a block device only the end-of-archive marker is checked, not the old data after
/// it. (A regular file with the same bytes is refused: there nothing may follow the stream.)
@Suite struct BlockDeviceInputTests {
    @Test func oldDataAfterTheStreamOnADiskIsNotDamage() throws {
        let stream = try archiveBytes { try $0.addFile("blobs/a", data: Data("hello".utf8)) }
        var image = stream
        image.append(Data((0..<(64 * 512)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 1) }))
        let directory = try ScratchDirectory()
        let file = directory.path("disk.img")
        try image.write(to: URL(fileURLWithPath: file))

        #expect(throws: TarStreamError.self) { try readEverything(try InputDevice.open(file, blockSize: 512)) }

        // A loop device needs root and util-linux; where there is none, only the file case runs.
        guard let attached = try runTool("losetup", ["-f", "--show", file]), attached.status == 0 else { return }
        let device = attached.output.trimmingCharacters(in: .whitespacesAndNewlines)
        defer { _ = try? runTool("losetup", ["-d", device]) }
        let input = try InputDevice.open(device, blockSize: 512)
        #expect(input.isBlockDevice)
        #expect(try readEverything(input) == ["blobs/a"])
    }

    private func readEverything(_ input: InputDevice) throws -> [String] {
        let reader = try TarReader(input: input)
        var names: [String] = []
        while let entry = try reader.next() { names.append(entry.path) }
        return names
    }
}
