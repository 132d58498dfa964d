import CArchive
import Foundation
import Streams

// The one Swift file that talks to libarchive. Each handle owns one `struct archive *` and a
// context object that libarchive's C callbacks reach through an unretained `Unmanaged` pointer:
// the handle keeps the context alive for as long as the archive exists, so the pointer never
// dangles. A Swift error thrown by the sink or source is parked in the context, the callback
// returns -1 (libarchive turns that into ARCHIVE_FATAL), and the handle rethrows the parked error
// instead of libarchive's generic message.

/// libarchive's file-type bits (`AE_IF*` are cast macros Swift cannot import).
enum ArchiveFileType: UInt32 {
    case fifo = 0o010000, characterDevice = 0o020000, directory = 0o040000, blockDevice = 0o060000
    case regular = 0o100000, symlink = 0o120000, socket = 0o140000

    static let mask: UInt32 = 0o170000
}

/// One header as libarchive decoded it, before any policy is applied.
struct RawArchiveEntry {
    var path: String?
    var fileType: ArchiveFileType?
    var fileTypeBits: UInt32
    var isHardLink: Bool
    var isSparse: Bool
    var size: Int64
}

/// Writes tar entries through libarchive into a `ByteSink`, optionally gzip or zstd compressed.
final class ArchiveWriteHandle {
    private let base: WriteArchive
    private var archive: OpaquePointer { base.archive }
    private var context: SinkContext { base.context }

    init(sink: any ByteSink, compression: StreamCompression) throws {
        // USTAR, with a PAX record only for a field USTAR cannot hold (as Go's archive/tar).
        base = try WriteArchive(sink: sink, compression: compression, format: archive_write_set_format_pax_restricted)
    }

    /// Uncompressed tar bytes handed to libarchive's first filter so far.
    var tarBytes: Int64 { archive_filter_bytes(archive, 0) }

    /// Bytes delivered to the sink so far (compressed bytes when compressed).
    var outputBytes: Int64 { context.delivered }

    /// Writes one header with the fixed metadata of the format: mtime 0, uid/gid 0, no user names.
    func writeHeader(path: String, type: ArchiveFileType, mode: Int, size: Int64) throws {
        guard let entry = archive_entry_new() else {
            throw TarStreamError.archive(operation: "archive_entry_new", message: "out of memory")
        }
        defer { archive_entry_free(entry) }
        archive_entry_set_pathname_utf8(entry, path)
        archive_entry_set_filetype(entry, type.rawValue)
        archive_entry_set_perm(entry, mode_t(mode & 0o7777))
        archive_entry_set_size(entry, type == .regular ? size : 0)
        archive_entry_set_mtime(entry, 0, 0)
        archive_entry_set_uid(entry, 0)
        archive_entry_set_gid(entry, 0)
        try check(archive_write_header(archive, entry), "write header for \(path)")
    }

    /// Writes all of `bytes` as data of the current entry.
    func writeData(_ bytes: UnsafeRawBufferPointer) throws {
        try writeAll(archive, context, bytes, "write data")
    }

    /// Completes the current entry: libarchive writes its zero padding to a 512-byte boundary.
    func finishEntry() throws {
        try check(archive_write_finish_entry(archive), "finish entry")
    }

    /// Writes the end-of-archive marker and flushes the compression filter.
    func close() throws {
        try base.close("close")
    }

    private func check(_ code: Int32, _ operation: String) throws {
        try checkWrite(archive, context, code, operation)
    }

    private func fail(_ code: Int32, _ operation: String) throws -> Never {
        try failWrite(archive, context, code, operation)
    }
}

/// One gzip member or zstd frame: libarchive's raw format (the bytes as they are, no headers)
/// through its compression filter, closed to end the frame. `FrameCompressor` opens one per frame.
final class ArchiveFrameHandle {
    private let base: WriteArchive

    init(sink: any ByteSink, compression: StreamCompression) throws {
        base = try WriteArchive(sink: sink, compression: compression, format: archive_write_set_format_raw)
        guard let entry = archive_entry_new() else {
            throw TarStreamError.archive(operation: "archive_entry_new", message: "out of memory")
        }
        defer { archive_entry_free(entry) }
        archive_entry_set_filetype(entry, ArchiveFileType.regular.rawValue)
        try checkWrite(base.archive, base.context, archive_write_header(base.archive, entry), "start frame")
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        try writeAll(base.archive, base.context, bytes, "compress")
    }

    /// Flushes the compressor and writes the frame's trailer.
    func close() throws {
        try base.close("end frame")
    }
}

/// A libarchive writer in `format`, open into a sink through the compression filter: what both
/// write handles hold. Freed with the object; not closed means an error or abandonment, so it is
/// marked failed and libarchive writes no trailer.
private final class WriteArchive {
    let archive: OpaquePointer
    let context: SinkContext
    private var isClosed = false

    init(sink: any ByteSink, compression: StreamCompression, format: (OpaquePointer) -> Int32) throws {
        guard let archive = archive_write_new() else {
            throw TarStreamError.archive(operation: "archive_write_new", message: "out of memory")
        }
        self.archive = archive
        self.context = SinkContext(sink: sink)
        // On a throw below deinit still runs (every stored property is set) and frees the archive.
        try checkWrite(archive, context, format(archive), "set format")
        try openWriting(archive, context: context, compression: compression)
    }

    deinit {
        if !isClosed { archive_write_fail(archive) }
        archive_write_free(archive)
    }

    func close(_ operation: String) throws {
        guard !isClosed else { return }
        isClosed = true
        try checkWrite(archive, context, archive_write_close(archive), operation)
    }
}

/// Adds the compression filter and opens `archive` for writing into `context`'s sink. The same
/// settings every time (no timestamp, one thread), so the same bytes compress to the same bytes.
private func openWriting(_ archive: OpaquePointer, context: SinkContext, compression: StreamCompression) throws {
    switch compression {
    case .none:
        try checkWrite(archive, context, archive_write_add_filter_none(archive), "add filter none")
    case .gzip:
        try checkWrite(archive, context, archive_write_add_filter_gzip(archive), "add filter gzip")
        // A NULL value turns the option off: no wall-clock time in the gzip header.
        try checkWrite(archive, context, archive_write_set_filter_option(archive, "gzip", "timestamp", nil), "gzip timestamp off")
    case .zstd:
        try checkWrite(archive, context, archive_write_add_filter_zstd(archive), "add filter zstd")
    }
    // No blocking here: the caller's BlockWriter cuts the blocks the medium needs.
    try checkWrite(archive, context, archive_write_set_bytes_per_block(archive, 0), "set bytes per block")
    let opaque = Unmanaged.passUnretained(context).toOpaque()
    try checkWrite(archive, context, archive_write_open2(archive, opaque, nil, archiveWrite, nil, nil), "open")
}

/// Writes all of `bytes` as data of the current entry.
private func writeAll(_ archive: OpaquePointer, _ context: SinkContext, _ bytes: UnsafeRawBufferPointer, _ operation: String) throws {
    guard var base = bytes.baseAddress else { return }
    var remaining = bytes.count
    while remaining > 0 {
        let written = archive_write_data(archive, base, remaining)
        if written <= 0 { try failWrite(archive, context, Int32(ARCHIVE_FATAL), operation) }
        base += written
        remaining -= written
    }
}

private func checkWrite(_ archive: OpaquePointer, _ context: SinkContext, _ code: Int32, _ operation: String) throws {
    if code < ARCHIVE_WARN { try failWrite(archive, context, code, operation) }
}

/// The sink's own error when it caused the failure, else libarchive's message.
private func failWrite(_ archive: OpaquePointer, _ context: SinkContext, _ code: Int32, _ operation: String) throws -> Never {
    if let error = context.takeError() { throw error }
    throw TarStreamError.archive(operation: operation, message: errorMessage(archive, code: code))
}

/// The first Swift error a C callback caught, parked until the handle rethrows it.
private struct ParkedError {
    private var error: (any Error)?

    /// Runs a callback body; a throw parks the error and becomes -1 (ARCHIVE_FATAL upstream).
    /// Once an error is parked every later callback fails at once.
    mutating func capture(_ body: () throws -> Int) -> Int {
        guard error == nil else { return -1 }
        do {
            return try body()
        } catch {
            self.error = error
            return -1
        }
    }

    mutating func take() -> (any Error)? {
        defer { error = nil }
        return error
    }
}

/// The write callback's state: where bytes go and the first error the sink threw.
private final class SinkContext {
    let sink: any ByteSink
    private(set) var delivered: Int64 = 0
    private var parked = ParkedError()

    init(sink: any ByteSink) { self.sink = sink }

    func deliver(_ buffer: UnsafeRawPointer?, _ length: Int) -> Int {
        parked.capture {
            try sink.write(UnsafeRawBufferPointer(start: buffer, count: length))
            delivered += Int64(length)
            return length
        }
    }

    func takeError() -> (any Error)? { parked.take() }
}

private let archiveWrite: @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?, UnsafeRawPointer?, Int) -> Int = {
    _, client, buffer, length in
    guard let client else { return -1 }
    return Unmanaged<SinkContext>.fromOpaque(client).takeUnretainedValue().deliver(buffer, length)
}

/// Reads a tar stream (plain, gzip or zstd, found by magic bytes) from a `ByteSource`.
final class ArchiveReadHandle {
    private let archive: OpaquePointer
    private let context: SourceContext
    private var entry: OpaquePointer?

    /// `markerOnly`: after the end-of-archive marker nothing more is read or checked (a block
    /// device holds old data after the stream).
    init(source: any ByteSource, bufferSize: Int, markerOnly: Bool = false) throws {
        guard let archive = archive_read_new() else {
            throw TarStreamError.archive(operation: "archive_read_new", message: "out of memory")
        }
        self.archive = archive
        self.context = SourceContext(source: source, bufferSize: bufferSize)
        self.markerOnly = markerOnly
        if markerOnly { context.layout.trailerChecked = 2 * Int64(TarLayoutCheck.record) }
        // On a throw below deinit still runs (every stored property is set) and frees the archive.
        // Only the formats and filters a stream may use: no bzip2, xz, zip, ... bidding.
        try check(archive_read_support_format_tar(archive))
        try check(archive_read_support_filter_none(archive))
        try check(archive_read_support_filter_gzip(archive))
        try check(archive_read_support_filter_zstd(archive))
        let opaque = Unmanaged.passUnretained(context).toOpaque()
        try check(archive_read_open(archive, opaque, nil, archiveRead, nil))
    }

    deinit { archive_read_free(archive) }

    private let markerOnly: Bool

    /// Uncompressed tar bytes consumed so far (headers, data and padding skipped or read).
    var tarBytes: Int64 { archive_filter_bytes(archive, 0) }

    /// The compression libarchive detected from the stream's first bytes.
    var compression: StreamCompression {
        switch archive_filter_code(archive, 0) {
        case ARCHIVE_FILTER_GZIP: return .gzip
        case ARCHIVE_FILTER_ZSTD: return .zstd
        default: return .none
        }
    }

    /// Bytes taken from the source so far (compressed bytes when compressed).
    var sourceBytes: Int64 { context.received }

    /// The next header, or nil at the end of the archive (unread data is skipped by libarchive).
    func nextHeader() throws -> RawArchiveEntry? {
        var next: OpaquePointer?
        let code = archive_read_next_header(archive, &next)
        if code == ARCHIVE_EOF { return nil }
        try check(code)
        guard let next else { throw TarStreamError.corrupt("libarchive returned no header") }
        entry = next
        let bits = UInt32(archive_entry_filetype(next))
        let path = archive_entry_pathname_utf8(next) ?? archive_entry_pathname(next)
        return RawArchiveEntry(
            path: path.map { String(cString: $0) },
            fileType: ArchiveFileType(rawValue: bits & ArchiveFileType.mask),
            fileTypeBits: bits,
            isHardLink: archive_entry_hardlink(next) != nil,
            isSparse: archive_entry_sparse_count(next) > 0,
            size: archive_entry_size_is_set(next) != 0 ? archive_entry_size(next) : 0)
    }

    /// Throws what `TarLayoutCheck` found in the raw bytes before `dataStart` (where libarchive
    /// put the current entry's data), or if its walk of the headers does not reach the same
    /// place. Nothing for a compressed stream.
    func checkLayout(dataStart: Int64) throws {
        guard isPlain else { return }
        if let problem = context.layout.problem, problem.offset < dataStart { throw problem.error }
        guard context.layout.agrees(dataStart: dataStart) else {
            throw TarStreamError.corrupt("the tar headers before byte \(dataStart) read two ways (libarchive and a plain walk disagree)")
        }
    }

    /// After libarchive's end of archive: reads the rest of the input (to its end, or
    /// `TarLayoutCheck.trailerLimit` bytes) and throws the first problem of the whole stream.
    func checkLayoutToEnd() throws {
        guard isPlain else { return }
        if context.layout.problem == nil {
            guard context.layout.sawEndMarker else { throw TarStreamError.truncated(afterBytes: context.received) }
            let stop = markerOnly ? context.received : context.received + TarLayoutCheck.trailerLimit
            while context.received < stop, try context.readMore() > 0 {}
            if markerOnly {
                context.layout.finishMarker()
            } else if context.received >= stop {
                context.layout.tooLong()
            } else {
                context.layout.finish()
            }
        }
        if let problem = context.layout.problem { throw problem.error }
    }

    /// An uncompressed stream, as libarchive found it and as the layout check's magic test agrees.
    private var isPlain: Bool {
        archive_filter_code(archive, 0) == ARCHIVE_FILTER_NONE && context.layout.isActive
    }

    /// Copies data of the current entry; 0 at its end.
    func readData(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        let count = archive_read_data(archive, base, buffer.count)
        if count < 0 { try fail(Int32(count)) }
        return count
    }

    /// ARCHIVE_RETRY counts as a failure too: a header read that asks to be retried is not valid.
    private func check(_ code: Int32) throws {
        if code < ARCHIVE_WARN || code == ARCHIVE_RETRY { try fail(code) }
    }

    /// Turns a libarchive failure into the source's own error, `truncated` or `corrupt`.
    private func fail(_ code: Int32) throws -> Never {
        if let error = context.takeError() { throw error }
        // The header libarchive choked on, when the layout check already named the damaged byte.
        if isPlain, let problem = context.layout.problem, problem.offset < tarBytes + Int64(TarLayoutCheck.record) {
            throw problem.error
        }
        let message = errorMessage(archive, code: code)
        let lowered = message.lowercased()
        if context.received == 0 || lowered.contains("truncated") || lowered.contains("premature end")
            || lowered.contains("unexpected end") {
            throw TarStreamError.truncated(afterBytes: context.received)
        }
        throw TarStreamError.corrupt("\(message) (after \(context.received) bytes of the stream)")
    }
}

/// The read callback's state: one reusable buffer libarchive borrows until the next callback.
private final class SourceContext {
    let source: any ByteSource
    private let buffer: UnsafeMutableRawBufferPointer
    private(set) var received: Int64 = 0
    /// Checks the raw bytes libarchive skips as they pass (see `TarLayoutCheck`).
    var layout = TarLayoutCheck()
    private var parked = ParkedError()

    init(source: any ByteSource, bufferSize: Int) {
        self.source = source
        self.buffer = .allocate(byteCount: max(bufferSize, 4096), alignment: 64)
    }

    deinit { buffer.deallocate() }

    func fill(_ out: UnsafeMutablePointer<UnsafeRawPointer?>?) -> Int {
        parked.capture {
            let count = try readMore()
            out?.pointee = UnsafeRawPointer(buffer.baseAddress)
            return count
        }
    }

    /// One read from the source into the buffer, seen by the layout check on its way.
    func readMore() throws -> Int {
        let count = try source.read(into: buffer)
        layout.scan(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
        received += Int64(count)
        return count
    }

    func takeError() -> (any Error)? { parked.take() }
}

private typealias ReadCallback = @convention(c) (
    OpaquePointer?, UnsafeMutableRawPointer?, UnsafeMutablePointer<UnsafeRawPointer?>?) -> Int

private let archiveRead: ReadCallback = {
    _, client, out in
    guard let client else { return -1 }
    return Unmanaged<SourceContext>.fromOpaque(client).takeUnretainedValue().fill(out)
}

/// libarchive's own message for the last failure, with its result code when it has none.
private func errorMessage(_ archive: OpaquePointer, code: Int32) -> String {
    if let text = archive_error_string(archive) { return String(cString: text) }
    return "error code \(code), errno \(archive_errno(archive))"
}
