import Foundation
import TestSupport
import Testing
@testable import TarStream

/// Random-ish bytes of a given length, reproducible.
private func bytes(_ count: Int, seed: UInt64 = 1) -> [UInt8] {
    var generator = SplitMix(state: seed)
    return (0..<count).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
}

/// Feeds `data` to `writer` in uneven chunks, as libarchive does (512-byte headers, big data runs).
private func feed(_ writer: BlockWriter, _ data: [UInt8], chunks: [Int] = [512, 3000, 1, 70_000, 777]) throws {
    var offset = 0, index = 0
    try data.withUnsafeBytes { all in
        while offset < data.count {
            let count = min(chunks[index % chunks.count], data.count - offset)
            try writer.write(UnsafeRawBufferPointer(rebasing: all[offset..<(offset + count)]))
            offset += count
            index += 1
        }
    }
}

private func makeWriter(_ output: RecordingOutput, blockSize: Int = 4096, bufferSize: Int = 16384,
                        highWaterMark: Int = 90, startOffset: Int64 = 0,
                        padding: BlockPadding = .zeros) -> BlockWriter {
    BlockWriter(device: output, blockSize: blockSize, bufferSize: bufferSize, highWaterMark: highWaterMark,
                startOffset: startOffset, padding: padding) { output.durable($0) }
}

@Suite struct BlockWriterTests {
    @Test func everyWriteIsOneBlockAndTheTailIsZeroPadded() throws {
        let output = RecordingOutput()
        let writer = makeWriter(output)
        let input = bytes(100_001)
        try feed(writer, input)
        try writer.finish()
        #expect(output.writeSizes.allSatisfy { $0 == 4096 })
        #expect(output.writeSizes.count == (100_001 + 4095) / 4096)
        let written = [UInt8](output.data)
        #expect(Array(written.prefix(input.count)) == input)
        #expect(written.dropFirst(input.count).allSatisfy { $0 == 0 })
        #expect(output.durableOffsets.last == 100_001, "padding is not stream bytes")
    }

    @Test func aStreamEndingOnABlockBoundaryGetsNoPadding() throws {
        let output = RecordingOutput()
        let writer = makeWriter(output)
        try feed(writer, bytes(8192))
        try writer.finish()
        #expect(output.writeSizes == [4096, 4096])
        #expect(output.durableOffsets.last == 8192)
    }

    @Test func anEmptyStreamWritesNothingAndReportsItsStart() throws {
        let output = RecordingOutput()
        let writer = makeWriter(output, startOffset: 5000)
        try writer.finish()
        #expect(output.writeSizes.isEmpty)
        #expect(output.durableOffsets == [5000])
    }

    @Test func zstdPaddingIsASkippableFrame() throws {
        let output = RecordingOutput()
        let writer = makeWriter(output, padding: .zstdSkippableFrame)
        try feed(writer, bytes(4096 - 3))
        try writer.finish()
        // Three bytes cannot hold the 8-byte frame header: the frame runs into one more block.
        #expect(output.writeSizes == [4096, 4096])
        let tail = [UInt8](output.data.dropFirst(4093))
        #expect(tail.prefix(8) == [0x50, 0x2A, 0x4D, 0x18, 0xFB, 0x0F, 0x00, 0x00], "magic, then 3 + 4096 - 8 ignored bytes")
        #expect(output.durableOffsets.last == 4093)
    }

    @Test func nothingIsWrittenBelowTheHighWaterMark() throws {
        let output = RecordingOutput()
        // 8 blocks of 1 KiB, high-water mark 50%: draining starts at the 4th ready block.
        let writer = makeWriter(output, blockSize: 1024, bufferSize: 8192, highWaterMark: 50)
        try feed(writer, bytes(3 * 1024))
        // An absence can only be watched for a while: a writer draining early writes at once.
        #expect(!output.waitForWrites(1, seconds: 0.2), "a write below the high-water mark")
        try feed(writer, bytes(1024, seed: 2))
        #expect(output.waitForWrites(4))
        try writer.finish()
        #expect(output.writeSizes == [1024, 1024, 1024, 1024])
        // One drain of four blocks, then one sync and one report of all of them.
        #expect(output.events == [.write(1024), .write(1024), .write(1024), .write(1024), .sync, .durable(4096)])
    }

    @Test func durableOffsetsFollowSyncsAndNeverRunAhead() throws {
        let output = RecordingOutput(kind: .pipeOrStdout)
        let start: Int64 = 1_000_000
        let writer = makeWriter(output, blockSize: 1000, bufferSize: 5000, highWaterMark: 40, startOffset: start)
        try feed(writer, bytes(123_456))
        try writer.finish()
        var written: Int64 = 0, synced = false, last: Int64 = 0
        for event in output.events {
            switch event {
            case .write(let size): written += Int64(size); synced = false
            case .sync: synced = true
            case .durable(let offset):
                #expect(synced, "a report follows a sync")
                #expect(offset > last, "offsets increase")
                #expect(offset - start <= written, "never beyond what was written")
                last = offset
            }
        }
        #expect(last == start + 123_456)
        #expect(output.writeSizes.allSatisfy { $0 == 1000 }, "no alignment shift on a non-file output")
    }

    @Test func aResumedFileKeepsBlocksAlignedToTheStream() throws {
        let output = RecordingOutput(kind: .regularFile)
        let writer = makeWriter(output, blockSize: 1024, startOffset: 1000)
        try feed(writer, bytes(5000))
        try writer.finish()
        #expect(output.writeSizes == [24, 1024, 1024, 1024, 1024, 1024])
        #expect(output.durableOffsets.last == 6000)
    }

    @Test func theProducerBlocksWhileTheBufferIsFull() throws {
        let output = RecordingOutput(gateOpen: false)
        let writer = makeWriter(output, blockSize: 1024, bufferSize: 4096, highWaterMark: 100)
        let fourWritten = Latch("four blocks in the buffer", count: 4), done = Latch("producer done")
        let producer = Thread {
            for index in 0..<6 {
                try? feed(writer, bytes(1024, seed: UInt64(index)), chunks: [1024])
                fourWritten.signal()
            }
            done.signal()
        }
        producer.start()
        #expect(fourWritten.wait(), "four blocks fit in the buffer")
        // Four slots are full and the device holds the first: the next block must wait. An
        // absence can only be watched for a while; a producer that does not block is done at once.
        #expect(!done.wait(seconds: 0.3), "the producer went on while the buffer was full")
        output.openGate()
        #expect(done.wait())
        try writer.finish()
        #expect(output.writeSizes == Array(repeating: 1024, count: 6))
    }

    @Test func aDeviceErrorSurfacesToTheProducer() throws {
        let output = RecordingOutput(failAfterWrites: 2)
        let writer = makeWriter(output, blockSize: 1024, bufferSize: 2048, highWaterMark: 50)
        #expect(throws: RecordingOutput.Failure.self) {
            for _ in 0..<100 { try feed(writer, bytes(1024), chunks: [1024]) }
            try writer.finish()
        }
        #expect(throws: RecordingOutput.Failure.self) { try writer.finish() }
        #expect(output.writeSizes.count == 2)
    }

    @Test func abortStopsWithoutPadding() throws {
        let output = RecordingOutput()
        let writer = makeWriter(output)
        try feed(writer, bytes(100))
        writer.abort()
        writer.abort()
        #expect(output.writeSizes.isEmpty)
        #expect(throws: TarStreamError.self) { try feed(writer, bytes(10)) }
    }
}
