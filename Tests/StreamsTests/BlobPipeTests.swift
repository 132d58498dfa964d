import Foundation
import Testing
@testable import Streams

@Suite struct BlobPipeTests {
    /// Moves 20 MiB through a 64 KiB pipe between two threads: order kept, memory bounded by the pipe.
    @Test func streamsInOrderAcrossThreads() async throws {
        let pipe = BlobPipe(capacity: 64 << 10)
        let total = 20 << 20
        let writer = Thread {
            var chunk = [UInt8](repeating: 0, count: 100_003)
            var written = 0
            while written < total {
                let n = min(chunk.count, total - written)
                for i in 0..<n { chunk[i] = UInt8(truncatingIfNeeded: written + i) }
                try? chunk.withUnsafeBytes { try pipe.write(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
                written += n
            }
            pipe.finish()
        }
        writer.start()
        let result: (Int, Bool) = try await runOnThread {
            var buffer = [UInt8](repeating: 0, count: 77_777)
            var read = 0
            var ordered = true
            while true {
                let n = try buffer.withUnsafeMutableBytes { try pipe.read(into: $0) }
                if n == 0 { break }
                for i in 0..<n where buffer[i] != UInt8(truncatingIfNeeded: read + i) { ordered = false }
                read += n
            }
            return (read, ordered)
        }
        #expect(result.0 == total)
        #expect(result.1)
    }

    @Test func lastByteWaitsForTheWriterAndAnErrorReplacesIt() throws {
        struct Boom: Error {}
        let pipe = BlobPipe(capacity: 64 << 10)
        try [UInt8](repeating: 7, count: 10).withUnsafeBytes { try pipe.write($0) }
        var buffer = [UInt8](repeating: 0, count: 100)
        // Unfinished: everything but the last byte is readable.
        #expect(try buffer.withUnsafeMutableBytes { try pipe.read(into: $0) } == 9)
        pipe.finish(error: Boom())
        // A reader that stops at a known length still makes the read that fails.
        #expect(throws: Boom.self) { try buffer.withUnsafeMutableBytes { try pipe.read(into: $0) } }
    }

    @Test func finishedPipeDeliversTheLastByteThenEnds() throws {
        let pipe = BlobPipe(capacity: 64 << 10)
        try [UInt8](repeating: 7, count: 10).withUnsafeBytes { try pipe.write($0) }
        var buffer = [UInt8](repeating: 0, count: 100)
        #expect(try buffer.withUnsafeMutableBytes { try pipe.read(into: $0) } == 9)
        pipe.finish()
        #expect(try buffer.withUnsafeMutableBytes { try pipe.read(into: $0) } == 1)
        #expect(try buffer.withUnsafeMutableBytes { try pipe.read(into: $0) } == 0)
    }

    @Test func closingRunsTheCloseHandlerOnce() {
        final class Counter: @unchecked Sendable { var value = 0 }
        let counter = Counter()
        let pipe = BlobPipe(capacity: 64 << 10)
        pipe.onClose { counter.value += 1 }
        pipe.close()
        pipe.close()
        #expect(counter.value == 1)
    }

    @Test func closedReaderFailsTheWriter() {
        let pipe = BlobPipe(capacity: 64 << 10)
        pipe.close()
        #expect(throws: StreamError.self) { try [UInt8](repeating: 1, count: 10).withUnsafeBytes { try pipe.write($0) } }
    }

    @Test func limitedSourceStopsAtItsLimit() throws {
        let source = LimitedSource(DataSource(Data(repeating: 1, count: 100)), limit: 30)
        var buffer = [UInt8](repeating: 0, count: 64)
        #expect(try buffer.withUnsafeMutableBytes { try source.read(into: $0) } == 30)
        #expect(try buffer.withUnsafeMutableBytes { try source.read(into: $0) } == 0)
    }
}
