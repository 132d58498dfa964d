/// What fills the last block after the stream's final byte.
///
/// Plain tar and gzip readers ignore trailing zeros (tar stops at its end marker; gzip, GNU tar
/// and libarchive skip zeros after the last member). A zstd decoder does not: zeros after the
/// last frame are "unknown frame descriptor" to libarchive and the zstd tool. zstd defines
/// skippable frames for exactly this, so a zstd stream is padded with one.
public enum BlockPadding: Sendable, Equatable {
    case zeros
    case zstdSkippableFrame

    /// The padding a stream written with `compression` needs.
    public init(for compression: StreamCompression) {
        self = compression == .zstd ? .zstdSkippableFrame : .zeros
    }

    /// A skippable frame is a 4-byte magic, a 4-byte length, then that many ignored bytes.
    private static let skippableMagic: UInt32 = 0x184D_2A50
    private static let skippableHeader = 8

    /// The bytes that fill `gap` bytes of the last block (a whole extra block when a skippable
    /// frame's header would not fit in the gap).
    public func bytes(filling gap: Int, blockSize: Int) -> [UInt8] {
        guard gap > 0 else { return [] }
        switch self {
        case .zeros:
            return [UInt8](repeating: 0, count: gap)
        case .zstdSkippableFrame:
            let length = gap >= Self.skippableHeader ? gap : gap + blockSize
            var frame = [UInt8](repeating: 0, count: length)
            let content = UInt32(length - Self.skippableHeader)
            for index in 0..<4 {
                frame[index] = UInt8(truncatingIfNeeded: Self.skippableMagic >> (8 * index))
                frame[4 + index] = UInt8(truncatingIfNeeded: content >> (8 * index))
            }
            return frame
        }
    }
}

/// Picks the padding from the stream's first bytes when the caller did not: a zstd stream
/// starts with the frame magic 28 B5 2F FD. (A plain tar padded with a skippable frame would
/// still be fine: tar readers stop at the end-of-archive marker.)
struct PaddingSniffer {
    private static let zstdMagic: [UInt8] = [0x28, 0xB5, 0x2F, 0xFD]
    private var head: [UInt8] = []
    private var isDone: Bool

    /// Without the stream's start (a resumed run) there is nothing to sniff: zeros.
    init(seesStreamStart: Bool) { isDone = !seesStreamStart }

    mutating func observe(_ bytes: UnsafeRawBufferPointer) {
        guard !isDone else { return }
        head += bytes.prefix(Self.zstdMagic.count - head.count)
        isDone = head.count == Self.zstdMagic.count
    }

    var padding: BlockPadding { head == Self.zstdMagic ? .zstdSkippableFrame : .zeros }
}
