import Foundation
import Streams

/// The tape-safe writer: every write to the device is exactly `blockSize` bytes (a tape drive
/// rejects other sizes); the last block is padded, which tar (and gzip, and zstd with a
/// skippable frame) allows.
///
/// A bounded buffer of `bufferSize` bytes sits between the producer (the tar writer) and a
/// dedicated writer thread. As mbuffer and ace-dt's blockbuf do, the thread starts draining when
/// the buffer is `highWaterMark` percent full (or at finish) and drains until it is empty, so the
/// drive streams instead of stopping and repositioning. The producer blocks while the buffer is
/// full; memory stays bounded by `bufferSize`.
///
/// The tail of the last block is filled with `padding`: zeros, or for zstd a skippable frame
/// (zstd decoders reject zeros after the last frame). Left nil, it is chosen from the stream's
/// first bytes; a resumed writer (`startOffset` > 0) never sees those, so pass
/// `BlockPadding(for: compression)` there.
///
/// After each drain the device is synced (regular files: fdatasync) and `onDurable(offset)` runs
/// on the writer thread with the stream offset now durable: `startOffset` plus the stream bytes
/// written (padding excluded). The caller appends checkpoint lines for entries ending at or
/// below it. A drain that never empties (producer faster than the device) still syncs and
/// reports every `bufferSize` bytes, so checkpoints keep coming on a long run.
///
/// One producer at a time: `write` and `finish` must not be called concurrently.
// Invariant: one producer at a time (documented above); state shared with the writer thread goes through `BlockRing`.
public final class BlockWriter: ByteSink, @unchecked Sendable {
    /// ace-dt's default `--block-size`: 1 MiB.
    public static let defaultBlockSize = 1 << 20
    /// ace-dt leaves `--buffer-size` at 0 (one block); ferry keeps 8 blocks of the default size
    /// in flight, so the device rarely waits for the producer, while `archive` (gather and
    /// serialize in one process) stays inside the 64 MiB RSS budget. Tapes may want more: `-m`.
    public static let defaultBufferSize = 8 << 20
    /// ace-dt's default `--hwm`: 90 percent.
    public static let defaultHighWaterMark = 90

    private let ring: BlockRing
    private let pump: BlockPump
    private let padding: BlockPadding?
    private var sniffer: PaddingSniffer

    /// `bufferSize` is rounded up to whole blocks (at least one); `highWaterMark` is a percent
    /// (1...100) of it, rounded up to whole blocks. With a regular file and a `startOffset` that
    /// is not a multiple of `blockSize` (resuming), the first block is shortened so later blocks
    /// stay aligned to the stream: the resumed file ends byte-identical to an uninterrupted one.
    public init(device: any BlockOutput, blockSize: Int = BlockWriter.defaultBlockSize,
                bufferSize: Int = BlockWriter.defaultBufferSize,
                highWaterMark: Int = BlockWriter.defaultHighWaterMark,
                startOffset: Int64 = 0, padding: BlockPadding? = nil, syncEachDrain: Bool = true,
                onDurable: @escaping @Sendable (Int64) -> Void = { _ in }) {
        let blockSize = max(blockSize, 1)
        let capacity = max(1, (max(bufferSize, 1) + blockSize - 1) / blockSize)
        let percent = min(max(highWaterMark, 1), 100)
        let highWater = min(capacity, max(1, (capacity * percent + 99) / 100))
        let misalignment = Int(startOffset % Int64(blockSize))
        let firstBlock = device.kind == .regularFile && misalignment != 0 ? blockSize - misalignment : blockSize
        self.padding = padding
        self.sniffer = PaddingSniffer(seesStreamStart: padding == nil && startOffset == 0)
        ring = BlockRing(blockSize: blockSize, capacity: capacity, highWater: highWater, firstBlock: firstBlock)
        pump = BlockPump(ring: ring, device: device, startOffset: startOffset,
                         reportEvery: capacity, syncEachDrain: syncEachDrain, onDurable: onDurable)
        pump.start()
    }

    deinit { abort() }

    /// Copies `bytes` into the buffer, blocking while it is full. Rethrows the writer thread's
    /// error (e.g. `noSpace`) on the next call after it happened.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        sniffer.observe(bytes)
        try ring.produce(bytes)
    }

    /// Pads and writes the last block, syncs, reports the final durable offset, stops the thread.
    public func finish() throws {
        do {
            try ring.finish(padding: padding ?? sniffer.padding)
        } catch {
            abort()
            throw error
        }
        if let error = ring.waitForWriter() { throw error }
    }

    /// Stops the writer thread without padding (after an error or cancellation). Idempotent.
    public func abort() {
        ring.abort()
        _ = ring.waitForWriter()
    }
}

/// The writer thread: takes ready blocks from the ring and writes each with one device write.
// Invariant: its mutable state is touched only by `run`, on the one thread `start` creates.
private final class BlockPump: @unchecked Sendable {
    private let ring: BlockRing
    private let device: any BlockOutput
    private let onDurable: @Sendable (Int64) -> Void
    private let reportEvery: Int
    /// Without a checkpoint nobody needs intermediate durable offsets: syncing only at the end
    /// keeps fdatasync's stalls out of the stream.
    private let syncEachDrain: Bool
    private var durable: Int64
    private var reported: Int64?
    private var blocksSinceSync = 0

    init(ring: BlockRing, device: any BlockOutput, startOffset: Int64, reportEvery: Int, syncEachDrain: Bool,
         onDurable: @escaping @Sendable (Int64) -> Void) {
        self.syncEachDrain = syncEachDrain
        self.ring = ring
        self.device = device
        self.durable = startOffset
        self.reportEvery = reportEvery
        self.onDurable = onDurable
    }

    func start() {
        let thread = Thread { [self] in
            run()
            ring.writerDidExit()
        }
        thread.name = "ferry.BlockWriter"
        thread.start()
    }

    private func run() {
        do {
            while true {
                switch ring.nextStep() {
                case .write(let block):
                    try device.write(ring.bytes(of: block))
                    ring.release()
                    durable += Int64(block.payload)
                    blocksSinceSync += 1
                    if syncEachDrain && blocksSinceSync >= reportEvery { try syncAndReport() }
                case .drained:
                    if syncEachDrain { try syncAndReport() }
                case .finished:
                    try syncAndReport(force: true)
                    return
                case .stop:
                    return
                }
            }
        } catch {
            ring.fail(error)
        }
    }

    /// Reports only progress (offsets stay strictly increasing), except that a finished stream
    /// always reports once, even an empty one.
    private func syncAndReport(force: Bool = false) throws {
        blocksSinceSync = 0
        guard durable != reported || (force && reported == nil) else { return }
        try device.sync()
        reported = durable
        onDurable(durable)
    }
}
