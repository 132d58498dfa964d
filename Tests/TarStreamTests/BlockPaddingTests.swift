import Foundation
import Testing
@testable import TarStream

@Suite struct BlockPaddingTests {
    @Test func paddingFollowsTheCompression() {
        #expect(BlockPadding(for: .none) == .zeros)
        #expect(BlockPadding(for: .gzip) == .zeros)
        #expect(BlockPadding(for: .zstd) == .zstdSkippableFrame)
        #expect(BlockPadding.zeros.bytes(filling: 0, blockSize: 512).isEmpty)
        #expect(BlockPadding.zstdSkippableFrame.bytes(filling: 8, blockSize: 512) == [0x50, 0x2A, 0x4D, 0x18, 0, 0, 0, 0])
        #expect(BlockPadding.zstdSkippableFrame.bytes(filling: 7, blockSize: 512).count == 519)
    }

    @Test func theSnifferNeedsTheWholeMagicEvenInPieces() {
        var sniffer = PaddingSniffer(seesStreamStart: true)
        ([0x28, 0xB5] as [UInt8]).withUnsafeBytes { sniffer.observe($0) }
        #expect(sniffer.padding == .zeros)
        ([0x2F, 0xFD, 0x00] as [UInt8]).withUnsafeBytes { sniffer.observe($0) }
        #expect(sniffer.padding == .zstdSkippableFrame)
        var resumed = PaddingSniffer(seesStreamStart: false)
        ([0x28, 0xB5, 0x2F, 0xFD] as [UInt8]).withUnsafeBytes { resumed.observe($0) }
        #expect(resumed.padding == .zeros)
    }

    /// A padded stream on disk, as serialize leaves it, is readable by GNU tar, bsdtar and TarReader.
    @Test(arguments: StreamCompression.allCases)
    func paddedStreamsStayReadable(_ compression: StreamCompression) throws {
        let scratch = try ScratchDirectory()
        let path = scratch.path("padded.tar")
        let device = try OutputDevice.open(path)
        // No explicit padding: the writer sees the stream start and picks it (zstd magic).
        // A multiple of 512, as serialize requires: a plain stream is whole tar records.
        let blocks = BlockWriter(device: device, blockSize: 10_240)
        let writer = try TarWriter(output: blocks, compression: compression)
        try writer.addFile("oci-layout", data: Data("{}".utf8))
        try writer.addFile("blob", size: 123_457, from: PatternSource(size: 123_457))
        try writer.finish()
        try blocks.finish()
        try device.close()
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0
        #expect(size % 10_240 == 0)

        let gnuFlags: [String] = compression == .zstd ? ["--zstd", "-tf"] : ["-tf"]
        for (tool, flags) in [("tar", gnuFlags), ("bsdtar", ["-tf"])] {
            guard let result = try runTool(tool, flags + [path]) else {
                Issue.record("\(tool) is not installed (apt packages tar, libarchive-tools, zstd)")
                continue
            }
            #expect(result.status == 0, "\(tool): \(result.error)")
            #expect(result.output == "oci-layout\nblob\n")
        }
        let reader = try TarReader(input: InputDevice.open(path, blockSize: 10_240))
        #expect(try reader.next()?.path == "oci-layout")
        #expect(try reader.next()?.path == "blob")
        #expect(try sourceMatchesPattern(reader.entrySource(), size: 123_457))
        #expect(try reader.next() == nil)
    }
}
