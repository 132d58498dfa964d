/// Checks, on the raw bytes of a plain (uncompressed) stream as they pass to libarchive, the bytes
/// libarchive reads past without looking: the zero padding after each entry's data, the checksum
/// field's own terminator, the end-of-archive marker and everything after it. A stream crosses an
/// air gap on media that rot; damage there carries no content, but it is a sign of a failing medium
/// and must be reported like any other.
///
/// It walks the headers itself (size from the header, a PAX `size` record, base-256), streaming:
/// nothing is copied but the 512-byte header being assembled, so memory stays flat. `TarReader`
/// checks at every header that this walk and libarchive's agree on where the entry's data starts,
/// so the two readings can never drift apart unnoticed. A compressed stream (gzip, zstd magic) is
/// not walked: its own checksums cover the tar bytes.
struct TarLayoutCheck {
    /// Where the walk is within the tar structure.
    private enum State {
        case undecided, off, header, data(remaining: Int64), padding(remaining: Int64), trailer
    }

    static let record = 512
    /// Bytes read after the end-of-archive marker before giving up on finding the end of input.
    static let trailerLimit: Int64 = 1 << 30

    /// Bytes after the marker's start that are checked; nil: all of them to the end of input.
    /// A block device (a stream written raw onto a disk) holds old data past the stream's own
    /// block, so there only the marker itself is checked.
    var trailerChecked: Int64?

    private var state = State.undecided
    /// Raw bytes seen so far.
    private(set) var offset: Int64 = 0
    /// The first problem found, with the offset it lies at (reported once libarchive passes it).
    private(set) var problem: (offset: Int64, error: TarStreamError)?
    private var header = [UInt8](repeating: 0, count: record)
    private var headerFill = 0
    /// A PAX extended header's records, collected to learn the next entry's size.
    private var pax: [UInt8]?
    private var paxSize: Int64?
    private var endMarkerStart: Int64?
    /// Data starts of the entries libarchive will hand out (not PAX or GNU long-name records), in order.
    private var entryStarts: [Int64] = []
    private var entryHead = 0

    /// False once the stream turned out to be compressed.
    var isActive: Bool {
        if case .off = state { return false }
        return true
    }

    /// True once the end-of-archive marker was met.
    var sawEndMarker: Bool { endMarkerStart != nil }

    mutating func scan(_ bytes: UnsafeRawBufferPointer) {
        var rest = bytes[...]
        if case .undecided = state { state = Self.isCompressed(bytes) ? .off : .header }
        while !rest.isEmpty {
            switch state {
            case .undecided, .off:
                return
            case .header:
                let take = min(Self.record - headerFill, rest.count)
                for (index, byte) in rest.prefix(take).enumerated() { header[headerFill + index] = byte }
                headerFill += take
                advance(&rest, by: take)
                if headerFill == Self.record {
                    headerFill = 0
                    takeHeader()
                }
            case .data(let remaining):
                let take = Int(min(remaining, Int64(rest.count)))
                pax?.append(contentsOf: rest.prefix(take))
                advance(&rest, by: take)
                let left = remaining - Int64(take)
                if left == 0 { endData() } else { state = .data(remaining: left) }
            case .padding(let remaining):
                let take = Int(min(remaining, Int64(rest.count)))
                expectZeros(rest.prefix(take), in: "the zero padding after an entry's data")
                advance(&rest, by: take)
                let left = remaining - Int64(take)
                state = left == 0 ? .header : .padding(remaining: left)
            case .trailer:
                var take = rest.count
                if let checked = trailerChecked, let start = endMarkerStart {
                    take = Int(max(0, min(Int64(rest.count), start + checked - offset)))
                }
                expectZeros(rest.prefix(take), in: "the end-of-archive marker or the zeros after it")
                advance(&rest, by: rest.count)
            }
        }
    }

    /// At the end of input: the marker must be there whole, and the stream a whole number of records.
    mutating func finish() {
        guard isActive else { return }
        guard let start = endMarkerStart, offset - start >= 2 * Int64(Self.record), offset % Int64(Self.record) == 0 else {
            note(.truncated(afterBytes: offset), at: offset)
            return
        }
    }

    /// The marker-only end (block devices): both zero records of the marker were read.
    mutating func finishMarker() {
        guard isActive else { return }
        guard let start = endMarkerStart, offset - start >= 2 * Int64(Self.record) else {
            note(.truncated(afterBytes: offset), at: offset)
            return
        }
    }

    /// Called when reading after the marker stopped at the limit rather than the end of input.
    mutating func tooLong() {
        note(.corrupt("more than \(Self.trailerLimit >> 30) GiB follow the end-of-archive marker at byte \(endMarkerStart ?? 0)"), at: offset)
    }

    /// Whether libarchive's next entry starts its data where this walk says one does.
    mutating func agrees(dataStart: Int64) -> Bool {
        while entryHead < entryStarts.count, entryStarts[entryHead] < dataStart { entryHead += 1 }
        if entryHead > 4096, entryHead * 2 > entryStarts.count {
            entryStarts.removeFirst(entryHead)
            entryHead = 0
        }
        guard entryHead < entryStarts.count else {
            // Not walked that far yet: cannot happen, libarchive reads through this walk.
            return false
        }
        return entryStarts[entryHead] == dataStart
    }

    // MARK: - The walk

    private mutating func advance(_ rest: inout Slice<UnsafeRawBufferPointer>, by count: Int) {
        rest = rest.dropFirst(count)
        offset += Int64(count)
    }

    private mutating func takeHeader() {
        let start = offset - Int64(Self.record)
        if header.allSatisfy({ $0 == 0 }) {
            endMarkerStart = start
            state = .trailer
            return
        }
        if header[148..<156].allSatisfy({ $0 == 0 }), let index = header.firstIndex(where: { $0 != 0 }) {
            // No checksum at all: a damaged end-of-archive marker rather than a header.
            let at = start + Int64(index)
            note(.corrupt("byte \(at) is 0x\(String(header[index], radix: 16)) in a record that is neither a header nor the end-of-archive marker"), at: at)
        } else if let reason = TarHeaderFields.checksumProblem(header) {
            note(.corrupt("tar header at byte \(start): \(reason)"), at: start)
        }
        var size = TarHeaderFields.size(header) ?? 0
        let type = header[156]
        switch type {
        case UInt8(ascii: "x"), UInt8(ascii: "X"):
            pax = size <= 1 << 20 ? [] : nil
        case UInt8(ascii: "g"), UInt8(ascii: "L"), UInt8(ascii: "K"):
            break
        default:
            if let override = paxSize { size = override }
            paxSize = nil
            entryStarts.append(offset)
        }
        state = size > 0 ? .data(remaining: size) : .header
    }

    private mutating func endData() {
        if let records = pax {
            paxSize = TarHeaderFields.paxSize(records)
            pax = nil
        }
        let used = (offset % Int64(Self.record))
        state = used == 0 ? .header : .padding(remaining: Int64(Self.record) - used)
    }

    private mutating func expectZeros(_ bytes: Slice<UnsafeRawBufferPointer>, in region: String) {
        guard problem == nil, let index = bytes.firstIndex(where: { $0 != 0 }) else { return }
        let at = offset + Int64(index - bytes.startIndex)
        note(.corrupt("byte \(at) is 0x\(String(bytes[index], radix: 16)) in \(region), which must be zero"), at: at)
    }

    private mutating func note(_ error: TarStreamError, at offset: Int64) {
        if problem == nil { problem = (offset, error) }
    }

    /// gzip and zstd magic: libarchive decompresses those, and their checksums cover the tar.
    private static func isCompressed(_ bytes: UnsafeRawBufferPointer) -> Bool {
        for magic: [UInt8] in [[0x1f, 0x8b], [0x28, 0xb5, 0x2f, 0xfd]] {
            let count = min(magic.count, bytes.count)
            if count > 0, bytes.prefix(count).elementsEqual(magic.prefix(count)) { return true }
        }
        return false
    }
}
