import Foundation
import Streams
import Testing
@testable import TarStream

/// A source that hands out its buffer untouched: measures the writer, not the producer.
private final class UntouchedSource: ByteSource, @unchecked Sendable {
    private var remaining: Int64
    init(size: Int64) { remaining = size }
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = Int(min(Int64(buffer.count), remaining))
        remaining -= Int64(count)
        return count
    }
}

/// A plain tar of one `size`-byte entry, served without storing it: headers, untouched data, end.
private final class SyntheticTar: ByteSource, @unchecked Sendable {
    private let header: Data
    private let total: Int64
    private var offset: Int64 = 0

    init(size: Int64) throws {
        final class HeaderSink: ByteSink, @unchecked Sendable {
            var header = Data()
            func write(_ bytes: UnsafeRawBufferPointer) throws {
                if header.count < 4096 { header.append(contentsOf: bytes.prefix(4096 - header.count)) }
            }
        }
        let sink = HeaderSink()
        let writer = try TarWriter(output: sink)
        try writer.addFile("blobs/sha256/big", size: size, from: UntouchedSource(size: size))
        let padded = (size + 511) / 512 * 512
        // Over 8 GiB the size needs a PAX record, so the headers take more than one record.
        header = sink.header.prefix(Int(writer.position - padded))
        total = writer.position + 1024
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = Int(min(Int64(buffer.count), total - offset))
        guard count > 0, let base = buffer.baseAddress else { return 0 }
        let headerPart = max(0, min(count, header.count - Int(min(offset, Int64(header.count)))))
        if headerPart > 0 {
            header.withUnsafeBytes { raw in
                if let source = raw.baseAddress { base.copyMemory(from: source + Int(offset), byteCount: headerPart) }
            }
        }
        if headerPart > 0 || offset + Int64(count) > total - 1536 {
            (base + headerPart).initializeMemory(as: UInt8.self, repeating: 0, count: count - headerPart)
        }
        offset += Int64(count)
        return count
    }
}

/// A benchmark, not a timed test (DESIGN.md): prints the writer's rate to /dev/null. Runs only
/// with TARSTREAM_BENCH=1 (e.g. `TARSTREAM_BENCH=1 swift test -c release --filter Throughput`).
@Suite struct ThroughputTests {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["TARSTREAM_BENCH"] == "1"))
    func writerRateToDevNull() throws {
        let size: Int64 = 8 << 30
        for (name, makeSource) in [("untouched", { UntouchedSource(size: size) as any ByteSource }),
                                   ("pattern", { PatternSource(size: size) as any ByteSource })] {
            let device = try OutputDevice.open("/dev/null")
            let blocks = BlockWriter(device: device)
            let writer = try TarWriter(output: blocks)
            let start = Date()
            try writer.addFile("blobs/sha256/big", size: size, from: makeSource())
            try writer.finish()
            try blocks.finish()
            let seconds = Date().timeIntervalSince(start)
            print("TarWriter → BlockWriter → /dev/null, \(name) source: \(size >> 20) MiB in "
                  + String(format: "%.2f s = %.2f GB/s", seconds, Double(size) / seconds / 1e9))
        }
    }

    @Test(.enabled(if: ProcessInfo.processInfo.environment["TARSTREAM_BENCH"] == "1"))
    func readerRate() throws {
        let size: Int64 = 8 << 30
        let reader = try TarReader(input: SyntheticTar(size: size))
        let start = Date()
        #expect(try reader.next()?.size == size)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)
        defer { buffer.deallocate() }
        var total: Int64 = 0
        while true {
            let count = try reader.read(into: buffer)
            if count == 0 { break }
            total += Int64(count)
        }
        #expect(total == size)
        #expect(try reader.next() == nil)
        let seconds = Date().timeIntervalSince(start)
        print("TarReader, plain, synthetic source: \(size >> 20) MiB in "
              + String(format: "%.2f s = %.2f GB/s", seconds, Double(size) / seconds / 1e9))
    }
}
