import Foundation
import Registry
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
}
