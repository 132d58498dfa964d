import Foundation
import Streams
import Testing
@testable import TarStream

/// A framed compressed stream (`TarWriter(framed: true)`): frames end where the caller says, each
/// frame start is a place decompression can begin, and the whole is one stream for every reader.
@Suite struct FramedCompressionTests {
    /// Writes three entries, ending a frame after each; returns the stream and the frame ends.
    private func framed(_ compression: StreamCompression) throws -> (Data, [Int64]) {
        let sink = MemorySink()
        let writer = try TarWriter(output: sink, compression: compression, framed: true)
        var ends: [Int64] = []
        for index in 1...3 {
            try writer.addFile("file\(index)", size: Int64(index * 70_000), from: PatternSource(size: Int64(index * 70_000)))
            ends.append(try writer.endFrame())
        }
        try writer.finish()
        return (sink.data, ends)
    }

    @Test(arguments: [StreamCompression.gzip, .zstd])
    func framesAreOneStreamForEveryReader(_ compression: StreamCompression) throws {
        let (data, ends) = try framed(compression)
        #expect(ends == ends.sorted() && Set(ends).count == 3 && ends.last ?? 0 < Int64(data.count))
        #expect(try readAll(data).map(\.0.path) == ["file1", "file2", "file3"])
        let scratch = try ScratchDirectory()
        let file = scratch.path("s.tar.\(compression)")
        try data.write(to: URL(fileURLWithPath: file))
        let tool = compression == .gzip ? "gzip" : "zstd"
        let tested = try #require(try runTool(tool, ["-t", file]))
        #expect(tested.status == 0, "\(tested.error)")
        let listed = try #require(try runTool("bsdtar", ["-tf", file]))
        #expect(listed.output.split(separator: "\n") == ["file1", "file2", "file3"])
    }

    /// Decompressing from a frame end gives the stream's tar bytes from that entry end on.
    @Test(arguments: [StreamCompression.gzip, .zstd])
    func aFrameEndIsWhereDecompressionCanStart(_ compression: StreamCompression) throws {
        let (data, ends) = try framed(compression)
        let plain = try archiveBytes { writer in
            for index in 1...3 { try writer.addFile("file\(index)", size: Int64(index * 70_000), from: PatternSource(size: Int64(index * 70_000))) }
        }
        let scratch = try ScratchDirectory()
        let tail = scratch.path("tail")
        try data[Int(ends[0])...].write(to: URL(fileURLWithPath: tail))
        let tool = compression == .gzip ? "gzip" : "zstd"
        let decompressed = try #require(try runTool("sh", ["-c", "\(tool) -dc < \(tail) | od -An -v -tx1 | tr -d ' \\n'"]))
        let firstEntryEnd = 512 + (70_000 + 511) / 512 * 512
        let expected = plain[firstEntryEnd...].map { String(format: "%02x", $0) }.joined()
        #expect(decompressed.output == expected)
    }

    /// The same entries framed the same way give the same bytes (what resuming relies on).
    @Test func framedStreamsAreDeterministic() throws {
        for compression in [StreamCompression.gzip, .zstd] {
            #expect(try framed(compression).0 == framed(compression).0)
        }
    }
}
