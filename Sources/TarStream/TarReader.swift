import Foundation
import Streams

/// Reads a tar stream (plain, gzip or zstd, detected by magic bytes) entry by entry, streaming.
///
/// Only regular files and directories come out (see `EntryPolicy`). A stream that stops without
/// the end-of-archive marker is reported as `truncated`: on a tape or a pipe, a clean cut at an
/// entry boundary is otherwise indistinguishable from a complete stream. In a plain stream the
/// bytes libarchive skips (padding, marker, what follows it) must be zeros (`TarLayoutCheck`), so
/// damage anywhere is reported.
public final class TarReader {
    /// Size of the reads from the source; a tape needs at least one block, and InputDevice
    /// re-blocks on its own, so this only bounds memory.
    static let sourceBufferSize = 1 << 20

    /// Seconds without data after the end-of-archive marker that end a pipe (nc, socat keep it open).
    static let trailerIdle: TimeInterval = 2

    private let handle: ArchiveReadHandle
    private let input: any ByteSource
    private let device: (any StreamInput)?
    /// Uncompressed offset where the last entry's padded data ends: the end marker starts here.
    private var lastEntryEnd: Int64 = 0
    private var atEnd = false
    /// Uncompressed offset of the current entry's data in the stream: for a plain stream, where
    /// its bytes lie in the file (what `ferry serve` reads them from with pread).
    public private(set) var dataOffset: Int64 = 0

    /// How the stream is compressed (known once the first header is read).
    public var compression: StreamCompression { handle.compression }

    /// `device` is the `StreamInput` under `input` when `input` wraps one (a hashing reader):
    /// what follows the end marker is read as that input requires. Defaults to `input` itself.
    public init(input: any ByteSource, device: (any StreamInput)? = nil) throws {
        self.input = input
        self.device = device ?? input as? any StreamInput
        handle = try ArchiveReadHandle(source: input, bufferSize: Self.sourceBufferSize,
                                       markerOnly: self.device?.isBlockDevice ?? false)
    }

    /// Where the current entry's data ends in the uncompressed tar, its padding included: the
    /// offset a checkpoint line records for it.
    public var entryEnd: Int64 { lastEntryEnd }

    /// The next entry header, or nil at the end of the archive. Unread data of the previous entry
    /// is skipped. Refuses absolute paths, `..`, links, devices, FIFOs and any type other than
    /// regular file and directory (`TarStreamError.refusedEntry`). Names lose a leading "./".
    /// After a refusal, calling `next()` again continues past the refused entry.
    public func next() throws -> TarEntry? {
        try namingMissingVolume { try nextEntry() }
    }

    private func nextEntry() throws -> TarEntry? {
        guard !atEnd else { return nil }
        while let raw = try handle.nextHeader() {
            let dataStart = handle.tarBytes
            try handle.checkLayout(dataStart: dataStart)
            dataOffset = dataStart
            lastEntryEnd = dataStart + (raw.size + 511) / 512 * 512
            if let entry = try EntryPolicy.admit(raw) { return entry }
        }
        atEnd = true
        // libarchive accepts a clean EOF where the next header would be; require the marker.
        if handle.tarBytes <= lastEntryEnd {
            throw TarStreamError.truncated(afterBytes: handle.sourceBytes)
        }
        // A plain stream is read to its end: the marker and everything after it must be zeros.
        // A pipe whose writer keeps it open without sending counts as ended after a pause.
        device?.endReadsWhenIdle(after: Self.trailerIdle)
        try handle.checkLayoutToEnd()
        return nil
    }

    /// Reads data of the current entry; 0 at its end.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        try namingMissingVolume { try handle.readData(into: buffer) }
    }

    /// A split stream that ended because a volume was not there is reported as that volume.
    private func namingMissingVolume<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as TarStreamError {
            switch error {
            case .truncated, .corrupt: break
            default: throw error
            }
            guard let missing = (device as? VolumeSetInput)?.missingVolume else { throw error }
            throw TarStreamError.missingVolume(missing)
        }
    }

    /// The current entry's data as a `ByteSource` (valid until the next call to `next()`).
    public func entrySource() -> any ByteSource {
        EntryDataSource(reader: self)
    }
}

/// Adapts `TarReader.read` to `ByteSource` for sinks that pull (hashing, pushing a blob).
// Invariant: confined to the one consumer of its (non-Sendable) `TarReader`, and valid only until its next `next()`.
private final class EntryDataSource: ByteSource, @unchecked Sendable {
    private let reader: TarReader

    init(reader: TarReader) { self.reader = reader }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        try reader.read(into: buffer)
    }
}
