import Foundation
import Streams
import Testing
@testable import TarStream

/// Damage in the bytes libarchive skips in a plain stream: the zero padding after an entry's data,
/// the end-of-archive marker, the block padding after it, a cut there, and the checksum field's
/// terminator. Each must be reported, naming the byte.
@Suite struct TarLayoutTests {
    /// Two entries (100 and 700 bytes, so both have padding), the marker, then zeros to 4 KiB.
    static func stream() throws -> (data: Data, firstPadding: Int, marker: Int) {
        var data = try archiveBytes {
            try $0.addFile("oci-layout", data: Data(repeating: 0x61, count: 100))
            try $0.addFile("blobs/sha256/x", data: Data(repeating: 0x62, count: 700))
        }
        let marker = 512 + 512 + 512 + 1024  // header, 100 bytes padded, header, 700 bytes padded
        #expect(data.count >= marker + 1024)
        data.append(Data(count: 4096 - data.count))
        return (data, 512 + 100, marker)
    }

    /// Reads every entry and its data, then the end; returns the error, if any.
    static func readAll(_ data: Data) -> TarStreamError? {
        do {
            let reader = try TarReader(input: DataSource(data))
            while try reader.next() != nil { _ = try sourceMatchesAnything(reader.entrySource()) }
            return nil
        } catch let error as TarStreamError {
            return error
        } catch {
            Issue.record("untyped error \(error)")
            return nil
        }
    }

    static func sourceMatchesAnything(_ source: any ByteSource) throws -> Int {
        var buffer = [UInt8](repeating: 0, count: 4096)
        var total = 0
        while case let count = try buffer.withUnsafeMutableBytes({ try source.read(into: $0) }), count > 0 { total += count }
        return total
    }

    static func expectCorrupt(_ data: Data, naming offset: Int) {
        let error = readAll(data)
        guard case .corrupt(let message)? = error else {
            Issue.record("byte \(offset): expected corrupt, got \(String(describing: error))")
            return
        }
        #expect(message.contains("byte \(offset)"), "\(message)")
    }

    @Test func anIntactPaddedStreamReads() throws {
        #expect(Self.readAll(try Self.stream().data) == nil)
    }

    @Test func aFlippedPaddingByteIsCorrupt() throws {
        var (data, padding, _) = try Self.stream()
        data[padding + 200] ^= 0x10
        Self.expectCorrupt(data, naming: padding + 200)
    }

    @Test func aFlippedByteInTheEndMarkerIsCorrupt() throws {
        for at in [0, 511, 512, 1023] {
            var (data, _, marker) = try Self.stream()
            data[marker + at] ^= 0x01
            Self.expectCorrupt(data, naming: marker + at)
        }
    }

    @Test func aFlippedByteInTheBlockPaddingIsCorrupt() throws {
        var (data, _, marker) = try Self.stream()
        data[marker + 1024 + 77] ^= 0x80
        Self.expectCorrupt(data, naming: marker + 1024 + 77)
        data[marker + 1024 + 77] ^= 0x80
        data[data.count - 1] ^= 0x04
        Self.expectCorrupt(data, naming: data.count - 1)
    }

    @Test func aCutInsideTheEndMarkerIsTruncated() throws {
        let (data, _, marker) = try Self.stream()
        for cut in [marker + 1, marker + 512, marker + 1023] {
            guard case .truncated? = Self.readAll(data.prefix(cut)) else {
                Issue.record("cut at \(cut) not reported as truncated")
                continue
            }
        }
    }

    @Test func aCutInTheBlockPaddingIsTruncated() throws {
        let (data, _, marker) = try Self.stream()
        guard case .truncated? = Self.readAll(data.prefix(marker + 1024 + 100)) else {
            Issue.record("cut in the block padding not reported as truncated")
            return
        }
        // Whole records after the marker: what any block size may leave.
        #expect(Self.readAll(data.prefix(marker + 1024 + 512)) == nil)
    }

    /// libarchive parses the checksum up to its first non-digit, so a damaged NUL or space after
    /// the digits passes its own check.
    @Test func aFlippedChecksumTerminatorIsCorrupt() throws {
        for (at, bit) in [(154, UInt8(0x20)), (155, UInt8(0x20)), (155, UInt8(0x01))] {
            var (data, _, _) = try Self.stream()
            data[512 + 512 + at] ^= bit
            Self.expectCorrupt(data, naming: 1024)
        }
    }

    /// A name over 100 bytes takes a PAX record, whose data has padding of its own.
    @Test func paxRecordsAndTheirPaddingAreWalked() throws {
        let name = "blobs/sha256/" + String(repeating: "ab", count: 64)
        var data = try archiveBytes { try $0.addFile(name, data: Data(repeating: 0x63, count: 10)) }
        #expect(Self.readAll(data) == nil)
        // The PAX record's data starts after its header; its padding follows the record.
        let recordEnd = try #require(data[512..<1024].firstIndex(of: 0))
        data[recordEnd + 3] ^= 0x02
        Self.expectCorrupt(data, naming: recordEnd + 3)
    }

    /// Compressed streams are left to their own checksums: trailing bytes after them are not read.
    @Test func aCompressedStreamIsNotWalked() throws {
        var data = try archiveBytes(.gzip) { try $0.addFile("a", data: Data(count: 10)) }
        data.append(Data(count: 100))
        #expect(Self.readAll(data) == nil)
    }
}
