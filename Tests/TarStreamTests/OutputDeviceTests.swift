import Foundation
import Testing
@testable import TarStream

@Suite struct OutputDeviceTests {
    @Test func devFullIsNoSpaceNamingThePath() throws {
        let device = try OutputDevice.open("/dev/full")
        #expect(device.kind == .characterDevice)
        let blocks = BlockWriter(device: device, blockSize: 4096, bufferSize: 8192)
        let writer = try TarWriter(output: blocks)
        do {
            try writer.addFile("blob", size: 1 << 20, from: PatternSource(size: 1 << 20))
            try writer.finish()
            try blocks.finish()
            Issue.record("writing to /dev/full succeeded")
        } catch let error as TarStreamError {
            guard case .noSpace(let path, let afterBytes) = error else { throw error }
            #expect(path == "/dev/full" && afterBytes == 0)
            #expect(error.description.contains("/dev/full"))
        }
        blocks.abort()
    }

    @Test func devNullIsADeviceAndNeverTruncatedOrResumed() throws {
        let device = try OutputDevice.open("/dev/null")
        #expect(device.kind == .characterDevice)
        try [UInt8](repeating: 7, count: 100).withUnsafeBytes { try device.write($0) }
        try device.sync()
        try device.close()
        try device.close()
        #expect(throws: TarStreamError.self) { try OutputDevice.open("/dev/null", resumeAt: 0) }
        #expect(throws: TarStreamError.self) { try OutputDevice.open("-", resumeAt: 0) }
    }

    @Test func aRegularFileIsTruncatedUnlessResuming() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.path("stream.tar")
        try Data(repeating: 1, count: 10_000).write(to: URL(fileURLWithPath: path))

        let resumed = try OutputDevice.open(path, resumeAt: 4096)
        #expect(resumed.kind == .regularFile)
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int == 4096)
        try [UInt8](repeating: 2, count: 10).withUnsafeBytes { try resumed.write($0) }
        try resumed.sync()
        try resumed.close()
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(data.count == 4106)
        #expect(data.prefix(4096).allSatisfy { $0 == 1 } && data.suffix(10).allSatisfy { $0 == 2 })

        let fresh = try OutputDevice.open(path)
        try fresh.close()
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int == 0)
    }

    @Test func resumingBeyondTheEndIsRefused() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.path("short.tar")
        try Data(count: 100).write(to: URL(fileURLWithPath: path))
        #expect { try OutputDevice.open(path, resumeAt: 101) } throws: { error in
            guard case TarStreamError.invalidArgument(let message) = error else { return false }
            return message.contains(path)
        }
    }

    @Test func openingAMissingDirectoryNamesThePath() throws {
        #expect { try OutputDevice.open("/nonexistent-dir/x.tar") } throws: { error in
            (error as? TarStreamError)?.description.contains("/nonexistent-dir/x.tar") == true
        }
    }

    /// A resumed run (cut at a checkpoint, new writer from there) gives the same file as one run.
    @Test func resumeIsByteIdenticalToAnUninterruptedRun() throws {
        let scratch = try ScratchDirectory()
        func run(_ path: String, entries: Range<Int>, resumeAt: Int64? = nil) throws -> [Int64] {
            let device = try OutputDevice.open(path, resumeAt: resumeAt)
            let blocks = BlockWriter(device: device, blockSize: 10_000, bufferSize: 20_000,
                                     startOffset: resumeAt ?? 0)
            let writer = try TarWriter(output: blocks)
            var ends: [Int64] = []
            for index in entries {
                try writer.addFile("blob\(index)", size: Int64(3000 * index), from: PatternSource(size: Int64(3000 * index)))
                ends.append((resumeAt ?? 0) + writer.position)
            }
            if entries.upperBound == 8 { try writer.finish() }
            try blocks.finish()
            try device.close()
            return ends
        }
        let whole = scratch.path("whole.tar"), resumed = scratch.path("resumed.tar")
        _ = try run(whole, entries: 1..<8)
        let ends = try run(resumed, entries: 1..<4)
        _ = try run(resumed, entries: 4..<8, resumeAt: ends[2])
        #expect(try Data(contentsOf: URL(fileURLWithPath: whole)) == Data(contentsOf: URL(fileURLWithPath: resumed)))
    }
}

@Suite struct InputDeviceTests {
    @Test func smallReadsAreServedFromOneBlockRead() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.path("in")
        try Data((0..<5000).map { UInt8(truncatingIfNeeded: $0) }).write(to: URL(fileURLWithPath: path))
        let input = try InputDevice.open(path, blockSize: 1024)
        var collected: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 100)
        while true {
            let count = try buffer.withUnsafeMutableBytes { try input.read(into: $0) }
            if count == 0 { break }
            collected += buffer.prefix(count)
        }
        #expect(collected == (0..<5000).map { UInt8(truncatingIfNeeded: $0) })
        input.close()
        input.close()
        #expect(throws: TarStreamError.self) { try buffer.withUnsafeMutableBytes { try input.read(into: $0) } }
    }

    @Test func aMissingFileNamesThePath() throws {
        #expect { try InputDevice.open("/nonexistent/stream.tar", blockSize: 0) } throws: { error in
            (error as? TarStreamError)?.description.contains("/nonexistent/stream.tar") == true
        }
    }

    /// A second writer (a resume started while the first run still writes) is refused before it
    /// cuts or writes anything; once the first closes, the file is free again.
    @Test func aFileBeingWrittenIsLeftToItsWriter() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.path("stream.tar")
        let first = try OutputDevice.open(path)
        try [UInt8](repeating: 3, count: 100).withUnsafeBytes { try first.write($0) }
        for resumeAt in [nil, Int64(50)] {
            #expect { try OutputDevice.open(path, resumeAt: resumeAt) } throws: { error in
                guard case TarStreamError.invalidArgument(let message) = error else { return false }
                return message.contains(path) && message.contains("another process")
            }
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(repeating: 3, count: 100))
        try first.close()
        let second = try OutputDevice.open(path)
        try second.close()
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)).isEmpty)
    }
}

