import Foundation
import Streams
import Testing
@testable import TarStream

/// Builds a tar with Python's tarfile holding one entry of the given shape (tarfile writes what
/// it is told, which is what a hostile sender would do).
private func hostileArchive(_ shape: String, in scratch: ScratchDirectory) throws -> String {
    let file = scratch.path("\(shape).tar")
    let script = """
    import io, sys, tarfile
    shape, out = sys.argv[1], sys.argv[2]
    info = tarfile.TarInfo({"absolute": "/etc/passwd", "dotdot": "../x", "inner-dotdot": "a/../../x"}.get(shape, "entry"))
    data = b""
    if shape == "symlink": info.type, info.linkname = tarfile.SYMTYPE, "/etc/passwd"
    elif shape == "hardlink": info.type, info.linkname = tarfile.LNKTYPE, "oci-layout"
    elif shape == "chardev": info.type, info.devmajor, info.devminor = tarfile.CHRTYPE, 1, 3
    elif shape == "blockdev": info.type, info.devmajor, info.devminor = tarfile.BLKTYPE, 8, 0
    elif shape == "fifo": info.type = tarfile.FIFOTYPE
    else: data = b"x"
    info.size = len(data)
    with tarfile.open(out, "w", format=tarfile.PAX_FORMAT) as tar:
        ok = tarfile.TarInfo("oci-layout"); ok.size = 2
        tar.addfile(ok, io.BytesIO(b"{}"))
        tar.addfile(info, io.BytesIO(data) if data else None)
    """
    let result = try runTool("python3", ["-c", script, shape, file])
    guard let result, result.status == 0 else {
        let reason = result?.error ?? "python3 missing"
        throw TarStreamError.invalidArgument("python3 could not build the \(shape) archive: \(reason)")
    }
    return file
}

/// Writes `data` as a file and returns its path.
private func store(_ data: Data, as name: String, in scratch: ScratchDirectory) throws -> String {
    let path = scratch.path(name)
    try data.write(to: URL(fileURLWithPath: path))
    return path
}

@Suite struct TarReaderTests {
    /// Over 64 MiB through the whole stack (TarWriter → BlockWriter → file → InputDevice →
    /// TarReader), generated and checked while streaming.
    @Test(arguments: StreamCompression.allCases)
    func bigAndEmptyEntriesRoundTrip(_ compression: StreamCompression) throws {
        let scratch = try ScratchDirectory()
        let path = scratch.path("big.tar")
        let bigSize: Int64 = (65 << 20) + 3
        let device = try OutputDevice.open(path)
        let blocks = BlockWriter(device: device, blockSize: 64 << 10, bufferSize: 1 << 20,
                                 padding: BlockPadding(for: compression))
        let writer = try TarWriter(output: blocks, compression: compression)
        try writer.addFile("oci-layout", data: Data("{}".utf8))
        try writer.addDirectory("blobs")
        try writer.addFile("blobs/big", size: bigSize, from: PatternSource(size: bigSize))
        try writer.addFile("blobs/empty", size: 0, from: PatternSource(size: 0))
        try writer.finish()
        try blocks.finish()
        try device.close()

        let reader = try TarReader(input: InputDevice.open(path, blockSize: 64 << 10))
        #expect(try reader.next() == TarEntry(path: "oci-layout", kind: .file, size: 2))
        #expect(try reader.next() == TarEntry(path: "blobs", kind: .directory, size: 0))
        #expect(try reader.next() == TarEntry(path: "blobs/big", kind: .file, size: bigSize))
        #expect(try sourceMatchesPattern(reader.entrySource(), size: bigSize))
        #expect(try reader.next() == TarEntry(path: "blobs/empty", kind: .file, size: 0))
        #expect(try sourceMatchesPattern(reader.entrySource(), size: 0))
        #expect(try reader.next() == nil)
        #expect(try reader.next() == nil)
    }

    @Test func unreadDataIsSkipped() throws {
        let data = try archiveBytes(.zstd) { writer in
            try writer.addFile("first", size: 5000, from: PatternSource(size: 5000))
            try writer.addFile("second", data: Data("2".utf8))
        }
        let reader = try TarReader(input: DataSource(data))
        #expect(try reader.next()?.path == "first")
        #expect(try reader.next()?.path == "second")
        #expect(try reader.next() == nil)
    }

    @Test func leadingDotSlashIsDropped() throws {
        let data = try archiveBytes { writer in
            try writer.addDirectory("./")
            try writer.addFile("./oci-layout", data: Data("{}".utf8))
            try writer.addDirectory("./blobs/")
        }
        let entries = try readAll(data).map(\.0)
        #expect(entries == [TarEntry(path: "oci-layout", kind: .file, size: 2),
                            TarEntry(path: "blobs", kind: .directory, size: 0)])
    }

    @Test(arguments: ["absolute", "dotdot", "inner-dotdot", "symlink", "hardlink", "chardev", "blockdev", "fifo"])
    func hostileEntriesAreRefused(_ shape: String) throws {
        let scratch = try ScratchDirectory()
        let reader = try TarReader(input: InputDevice.open(try hostileArchive(shape, in: scratch), blockSize: 0))
        #expect(try reader.next()?.path == "oci-layout")
        do {
            _ = try reader.next()
            Issue.record("\(shape) entry was accepted")
        } catch TarStreamError.refusedEntry(let path, let reason) {
            #expect(!path.isEmpty && !reason.isEmpty)
        }
        #expect(try reader.next() == nil, "reading continues past a refused entry")
    }

    @Test func aRegularHostileLookingArchiveStillReadsItsGoodEntries() throws {
        let scratch = try ScratchDirectory()
        let reader = try TarReader(input: InputDevice.open(try hostileArchive("plain", in: scratch), blockSize: 512))
        #expect(try reader.next()?.path == "oci-layout")
        #expect(try reader.next()?.path == "entry")
        #expect(try reader.next() == nil)
    }

    @Test(arguments: StreamCompression.allCases)
    func truncatedInsideAnEntry(_ compression: StreamCompression) throws {
        let data = try archiveBytes(compression) { try $0.addFile("blob", size: 200_000, from: PatternSource(size: 200_000)) }
        let cut = data.prefix(data.count / 2)
        // A compressed block may be cut before its first header decodes: either call may see it.
        #expect {
            let reader = try TarReader(input: DataSource(cut))
            while try reader.next() != nil { _ = try sourceMatchesPattern(reader.entrySource(), size: 200_000) }
        } throws: { error in
            guard case TarStreamError.truncated = error else { return false }
            return true
        }
    }

    @Test func truncatedAtAnEntryBoundary() throws {
        let data = try archiveBytes { try $0.addFile("a", data: Data(count: 10)); try $0.addFile("b", data: Data(count: 10)) }
        let reader = try TarReader(input: DataSource(data.prefix(1024)))
        #expect(try reader.next()?.path == "a")
        #expect(throws: TarStreamError.self) { try reader.next() }
    }

    @Test func emptyInputIsTruncated() throws {
        #expect { _ = try TarReader(input: DataSource(Data())).next() } throws: { error in
            guard case TarStreamError.truncated(0) = error else { return false }
            return true
        }
    }

    @Test func corruptGzipIsAClearError() throws {
        var data = try archiveBytes(.gzip) { try $0.addFile("blob", size: 100_000, from: PatternSource(size: 100_000)) }
        for index in stride(from: 40, to: 2000, by: 7) { data[index] ^= 0x5a }
        #expect {
            let reader = try TarReader(input: DataSource(data))
            while let _ = try reader.next() { _ = try sourceMatchesPattern(reader.entrySource(), size: 100_000) }
        } throws: { error in
            guard case TarStreamError.corrupt(let message) = error else { return false }
            return message.contains("gzip")  // e.g. "gzip decompression failed (after 100221 bytes ...)"
        }
    }

    @Test func garbageIsCorrupt() throws {
        let garbage = Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        #expect { _ = try TarReader(input: DataSource(garbage)).next() } throws: { error in
            guard case TarStreamError.corrupt = error else { return false }
            return true
        }
    }

    @Test func readsWhatGnuTarWrote() throws {
        let scratch = try ScratchDirectory()
        let root = scratch.path("layout")
        try FileManager.default.createDirectory(atPath: root + "/blobs/sha256", withIntermediateDirectories: true)
        try Data("{}".utf8).write(to: URL(fileURLWithPath: root + "/oci-layout"))
        let file = scratch.path("gnu.tar.gz")
        let result = try runTool("tar", ["-czf", file, "-C", root, "."])
        #expect(result?.status == 0)
        let reader = try TarReader(input: InputDevice.open(file, blockSize: 10240))
        var paths: [String] = []
        while let entry = try reader.next() { paths.append(entry.path) }
        #expect(Set(paths) == ["oci-layout", "blobs", "blobs/sha256"])
    }
}
