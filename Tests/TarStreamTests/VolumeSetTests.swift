import Foundation
import Streams
import Synchronization
import Testing
@testable import TarStream

/// `VolumeSetOutput` and `VolumeSetInput`: a stream split into DEST.000, DEST.001, … and read back.
@Suite struct VolumeSetTests {
    private static let bytes = Data((0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 1) })

    /// Writes `bytes` in chunks of 1000 into volumes of 4096 bytes, starting at `resumeAt`.
    private func write(_ names: VolumeNames, from resumeAt: Int64 = 0) throws {
        let output = try VolumeSetOutput(names: names, volumeSize: 4096, resumeAt: resumeAt)
        var offset = Int(resumeAt)
        while offset < Self.bytes.count {
            let end = min(offset + 1000, Self.bytes.count)
            try Self.bytes[offset..<end].withUnsafeBytes { try output.write($0) }
            offset = end
        }
        try output.sync()
        try output.close()
    }

    private func contents(_ names: VolumeNames) -> [Data] {
        (0..<10).compactMap { FileManager.default.contents(atPath: names.name($0)) }
    }

    @Test func volumesAreAtMostTheSizeAndConcatenateToTheStream() throws {
        let scratch = try ScratchDirectory()
        let names = VolumeNames(base: scratch.path("s.tar"))
        try write(names)
        #expect(contents(names).map(\.count) == [4096, 4096, 1808])
        #expect(contents(names).reduce(Data(), +) == Self.bytes)
        #expect(names.name(0).hasSuffix("s.tar.000") && names.name(12).hasSuffix(".012") && names.name(1000).hasSuffix(".1000"))
        #expect(VolumeNames(firstVolume: names.name(0)) == names)
        #expect(VolumeNames(firstVolume: names.name(1)) == nil)
    }

    /// Resuming at an offset cuts the volume holding it and removes the later ones.
    @Test func resumingCutsTheVolumeHoldingTheOffset() throws {
        let scratch = try ScratchDirectory()
        let names = VolumeNames(base: scratch.path("s.tar"))
        try write(names)
        try Data("junk".utf8).write(to: URL(fileURLWithPath: names.name(5)))  // a stale volume of an older run
        _ = try VolumeSetOutput(names: names, volumeSize: 4096, resumeAt: 5000)
        #expect(contents(names).map(\.count) == [4096, 904])
        #expect(!FileManager.default.fileExists(atPath: names.name(5)))
        try write(names, from: 5000)
        #expect(contents(names).reduce(Data(), +) == Self.bytes)
    }

    @Test func theInputReadsEveryVolumeInOrder() throws {
        let scratch = try ScratchDirectory()
        let names = VolumeNames(base: scratch.path("s.tar"))
        try write(names)
        let input = try InputDevice.openStream(names.name(0), blockSize: 512)
        #expect(input is VolumeSetInput)
        // The last volume is shorter than the first: the input ends there.
        #expect(try read(Self.bytes.count + 1, from: input) == Self.bytes)
    }

    /// A stream ending at a volume boundary gets an empty last volume, so the reader knows.
    @Test func aFullLastVolumeIsFollowedByAnEmptyOne() throws {
        let scratch = try ScratchDirectory()
        let names = VolumeNames(base: scratch.path("s.tar"))
        let output = try VolumeSetOutput(names: names, volumeSize: 4096)
        try Self.bytes.prefix(8192).withUnsafeBytes { try output.write($0) }
        try output.close()
        #expect(contents(names).map(\.count) == [4096, 4096, 0])
        let input = try VolumeSetInput(names: names, blockSize: 512)
        #expect(try read(9000, from: input) == Self.bytes.prefix(8192))
    }

    /// Up to `count` bytes, fewer at the end of the input.
    private func read(_ count: Int, from input: any ByteSource) throws -> Data {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 3000)
        while data.count < count {
            let n = try buffer.withUnsafeMutableBytes { try input.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[..<min($0.count, count - data.count)])) }
            if n == 0 { break }
            data.append(contentsOf: buffer[..<n])
        }
        return data
    }

    /// Before the end of the tar stream a missing volume is an error naming it (or a wait for
    /// it); after the end marker it is the end of the input.
    @Test func aMissingVolumeIsNamedOrWaitedFor() throws {
        let scratch = try ScratchDirectory()
        let names = VolumeNames(base: scratch.path("s.tar"))
        try write(names)
        try FileManager.default.moveItem(atPath: names.name(1), toPath: scratch.path("away"))
        // After the first volume alone nothing tells whether the stream ends there: the input
        // ends, and names the volume it lacked (a tar reader then reports that volume).
        let input = try VolumeSetInput(names: names, blockSize: 512)
        #expect(try read(Self.bytes.count, from: input).count == 4096)
        #expect(input.missingVolume == names.name(1))
        // After a full volume a missing one is an error naming it.
        try FileManager.default.moveItem(atPath: scratch.path("away"), toPath: names.name(1))
        try FileManager.default.moveItem(atPath: names.name(2), toPath: scratch.path("away"))
        #expect {
            _ = try read(Self.bytes.count, from: try VolumeSetInput(names: names, blockSize: 512))
        } throws: { error in
            guard case TarStreamError.missingVolume(let name) = error else { return false }
            return name == names.name(2) && "\(error)".contains("s.tar.002")
        }

        let asked = Mutex<[String]>([])
        let away = scratch.path("away")
        let waiting = try VolumeSetInput(names: names, blockSize: 512) { name in
            asked.withLock { $0.append(name) }
            try FileManager.default.moveItem(atPath: away, toPath: name)   // the medium is changed
        }
        #expect(try read(Self.bytes.count, from: waiting) == Self.bytes)
        #expect(asked.withLock { $0 } == [names.name(2)])
    }
}
