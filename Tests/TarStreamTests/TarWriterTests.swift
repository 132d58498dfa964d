import Foundation
import Streams
import Testing
@testable import TarStream

/// A small layout-shaped archive: what serialize writes, in the same order.
private let sha512Name = "blobs/sha512/" + String(repeating: "ab", count: 64)
private func sampleArchive(_ writer: TarWriter) throws {
    try writer.addFile("oci-layout", data: Data(#"{"imageLayoutVersion":"1.0.0"}"#.utf8))
    try writer.addDirectory("blobs")
    try writer.addDirectory("blobs/sha256/")
    try writer.addFile("blobs/sha256/" + String(repeating: "0", count: 64), data: Data("hello\n".utf8))
    try writer.addFile(sha512Name, size: 1000, from: PatternSource(size: 1000))
    try writer.addFile("empty", data: Data())
}

/// An octal numeric header field (NUL/space terminated).
private func octal(_ header: Data, _ range: Range<Int>) -> Int? {
    let text = String(decoding: header[range].prefix { $0 != 0 && $0 != 0x20 }, as: UTF8.self)
    return Int(text.trimmingCharacters(in: .whitespaces), radix: 8)
}

@Suite struct TarWriterTests {
    @Test func headersCarryTheFixedMetadata() throws {
        let data = try archiveBytes { try $0.addFile("oci-layout", data: Data("{}".utf8)) }
        let header = data.prefix(512)
        #expect(String(decoding: header.prefix(10), as: UTF8.self) == "oci-layout")
        #expect(octal(header, 100..<108) == 0o666)
        #expect(octal(header, 108..<116) == 0)
        #expect(octal(header, 116..<124) == 0)
        #expect(octal(header, 124..<136) == 2)
        #expect(octal(header, 136..<148) == 0)
        #expect(header[156] == UInt8(ascii: "0"))
        #expect(String(decoding: header[257..<263], as: UTF8.self) == "ustar\0")
        #expect(header[265..<297].allSatisfy { $0 == 0 }, "uname and gname are empty")
        // Two 512-byte records (header, padded data) plus the 1024-byte end marker, no blocking.
        #expect(data.count == 512 + 512 + 1024)
    }

    @Test func directoriesAre0777WithTrailingSlash() throws {
        let data = try archiveBytes { try $0.addDirectory("blobs") }
        #expect(String(decoding: data.prefix(6), as: UTF8.self) == "blobs/")
        #expect(octal(data, 100..<108) == 0o777)
        #expect(data[156] == UInt8(ascii: "5"))
    }

    @Test func paxRecordOnlyWhenTheNameDoesNotFit() throws {
        let short = try archiveBytes { try $0.addFile("blobs/sha256/" + String(repeating: "f", count: 64), data: Data()) }
        #expect(short[156] == UInt8(ascii: "0"), "a 77-byte name fits USTAR")
        let long = try archiveBytes { try $0.addFile(sha512Name, data: Data("x".utf8)) }
        #expect(long[156] == UInt8(ascii: "x"), "a 141-byte name needs a PAX record")
        let entries = try readAll(long)
        #expect(entries.map(\.0.path) == [sha512Name])
    }

    @Test func positionIsTheEndOfEachEntry() throws {
        let writer = try TarWriter(output: MemorySink())
        #expect(writer.position == 0)
        try writer.addFile("a", data: Data(count: 1))
        #expect(writer.position == 1024)
        try writer.addDirectory("d")
        #expect(writer.position == 1536)
        try writer.addFile("b", size: 513, from: PatternSource(size: 513))
        #expect(writer.position == 1536 + 512 + 1024)
        try writer.finish()
        #expect(writer.position == 1536 + 512 + 1024 + 1024)
        #expect(writer.outputPosition == writer.position)
    }

    @Test(arguments: StreamCompression.allCases)
    func outputIsDeterministic(_ compression: StreamCompression) throws {
        let first = try archiveBytes(compression, sampleArchive)
        let second = try archiveBytes(compression, sampleArchive)
        #expect(first == second)
        if compression == .gzip {
            #expect(first[3] == 0, "no FNAME/FCOMMENT flags")
            #expect(first[4..<8].allSatisfy { $0 == 0 }, "no timestamp")
        }
    }

    @Test func shortSourceIsASizeMismatchNamingThePath() throws {
        let writer = try TarWriter(output: MemorySink())
        #expect(throws: TarStreamError.self) {
            try writer.addFile("blobs/sha256/short", size: 100, from: PatternSource(size: 99))
        }
        do {
            try writer.addFile("long", size: 100, from: PatternSource(size: 101))
            Issue.record("a longer source must fail")
        } catch let error as TarStreamError {
            guard case .sizeMismatch(let path, let expected, _) = error else { throw error }
            #expect(path == "long" && expected == 100)
            #expect(error.description.contains("long"))
        }
    }

    @Test func sinkErrorsComeBackThroughLibarchive() throws {
        struct Refused: Error {}
        final class FailingSink: ByteSink, @unchecked Sendable {
            func write(_ bytes: UnsafeRawBufferPointer) throws { throw Refused() }
        }
        let writer = try TarWriter(output: FailingSink())
        #expect(throws: Refused.self) { try writer.addFile("a", data: Data(count: 10)) }
    }

    @Test func writingAfterFinishIsRefused() throws {
        let writer = try TarWriter(output: MemorySink())
        try writer.finish()
        try writer.finish()
        #expect(throws: TarStreamError.self) { try writer.addDirectory("late") }
    }

    @Test(arguments: StreamCompression.allCases)
    func gnuTarAndBsdtarListTheStream(_ compression: StreamCompression) throws {
        let scratch = try ScratchDirectory()
        let file = scratch.path("stream.tar")
        try archiveBytes(compression, sampleArchive).write(to: URL(fileURLWithPath: file))
        let gnuFlags: [String] = switch compression {
        case .none: ["-tvf"]
        case .gzip: ["-tzvf"]
        case .zstd: ["--zstd", "-tvf"]
        }
        for (tool, flags) in [("tar", gnuFlags), ("bsdtar", ["-tvf"])] {
            let result = try runTool(tool, flags + [file])
            guard let result else {
                Issue.record("\(tool) is not installed (apt packages tar, libarchive-tools, zstd)")
                continue
            }
            #expect(result.status == 0, "\(tool): \(result.error)")
            #expect(!result.error.contains("arning"), "\(tool) warned: \(result.error)")
            let lines = result.output.split(separator: "\n")
            #expect(lines.count == 6, "\(tool) listed: \(result.output)")
            #expect(lines.first?.hasPrefix("-rw-rw-rw-") == true)
            #expect(lines.contains { $0.hasPrefix("drwxrwxrwx") && $0.hasSuffix("blobs/") })
            #expect(lines.contains { $0.hasSuffix(sha512Name) && $0.contains(" 1000 ") })
            #expect(lines.allSatisfy { $0.contains("1970-01-01") || $0.contains("1970") })
        }
        // GNU tar detects the compression itself when extracting.
        let extracted = try runTool("tar", ["-xOf", file, "blobs/sha256/" + String(repeating: "0", count: 64)])
        #expect(extracted?.output == "hello\n")
    }
}
