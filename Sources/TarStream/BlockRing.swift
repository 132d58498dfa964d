import Foundation

/// The bounded buffer between the tar producer and the writer thread: `capacity` slots of
/// `blockSize` bytes in one allocation, handed over whole. The producer fills the slot after the
/// last ready one; the writer takes ready slots oldest first. Memory never exceeds
/// `capacity * blockSize`, and the only locking is once per block handed over (plus a cheap
/// check per `produce` call), so the copy itself runs at memcpy speed.
// Invariant: `condition` guards the slot bookkeeping; a slot's bytes belong to the producer until handed over ready, then to the writer until released.
final class BlockRing: @unchecked Sendable {
    /// One block ready for the device: `length` bytes to write, `payload` of them stream bytes
    /// (the rest is the zero padding of the last block).
    struct Block {
        var slot: Int
        var length: Int
        var payload: Int
    }

    /// What the writer thread should do next.
    enum Step {
        case write(Block)
        /// The buffer ran empty after a drain: sync and report, then wait for the high-water mark.
        case drained
        /// Finishing and everything is written: final sync and report, then exit.
        case finished
        /// Aborted or failed: exit without touching the device again.
        case stop
    }

    let blockSize: Int
    let capacity: Int
    let highWater: Int
    private let storage: UnsafeMutableRawPointer
    private let condition = NSCondition()
    private var lengths: [Int]
    private var payloads: [Int]
    private var head = 0
    private var ready = 0
    private var draining = false
    private var finishing = false
    private var aborted = false
    private var failure: (any Error)?
    private var writerExited = false

    // Producer-only state (one producer at a time, see `BlockWriter`).
    private var fillSlot: Int?
    private var fillUsed = 0
    private var fillPayload = 0
    private var fillTarget: Int

    /// `firstBlock` may be shorter than `blockSize` so that later blocks end on absolute
    /// multiples of `blockSize` (a resumed file then ends exactly as an uninterrupted one).
    init(blockSize: Int, capacity: Int, highWater: Int, firstBlock: Int) {
        self.blockSize = blockSize
        self.capacity = capacity
        self.highWater = highWater
        self.fillTarget = firstBlock
        self.storage = .allocate(byteCount: blockSize * capacity, alignment: 4096)
        self.lengths = Array(repeating: 0, count: capacity)
        self.payloads = Array(repeating: 0, count: capacity)
    }

    deinit { storage.deallocate() }

    // MARK: producer side

    /// Copies `bytes` into blocks, blocking while every slot is full. Throws the writer's error.
    func produce(_ bytes: UnsafeRawBufferPointer) throws {
        try checkOpen()
        try copyIn(bytes, isPayload: true)
    }

    /// Fills the partial block with `padding`, hands it over and tells the writer to drain and exit.
    func finish(padding: BlockPadding) throws {
        try checkOpen()
        let pad = padding.bytes(filling: fillUsed > 0 ? fillTarget - fillUsed : 0, blockSize: blockSize)
        try pad.withUnsafeBytes { try copyIn($0, isPayload: false) }
        condition.lock()
        finishing = true
        condition.broadcast()
        condition.unlock()
    }

    private func copyIn(_ bytes: UnsafeRawBufferPointer, isPayload: Bool) throws {
        guard var source = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            let slot = try currentFillSlot()
            let count = min(remaining, fillTarget - fillUsed)
            (base(of: slot) + fillUsed).copyMemory(from: source, byteCount: count)
            fillUsed += count
            if isPayload { fillPayload += count }
            source += count
            remaining -= count
            if fillUsed == fillTarget { publish(slot: slot) }
        }
    }

    /// Stops the writer without writing what is left. Idempotent.
    func abort() {
        condition.lock()
        aborted = true
        condition.broadcast()
        condition.unlock()
    }

    /// Blocks until the writer thread has left its loop; returns its error, if any.
    func waitForWriter() -> (any Error)? {
        condition.lock(); defer { condition.unlock() }
        while !writerExited { condition.wait() }
        return failure
    }

    private func checkOpen() throws {
        condition.lock(); defer { condition.unlock() }
        if let failure { throw failure }
        if aborted || finishing { throw TarStreamError.closed }
    }

    private func currentFillSlot() throws -> Int {
        if let fillSlot { return fillSlot }
        condition.lock(); defer { condition.unlock() }
        while ready == capacity && failure == nil && !aborted { condition.wait() }
        if let failure { throw failure }
        if aborted { throw TarStreamError.closed }
        let slot = (head + ready) % capacity
        fillSlot = slot
        return slot
    }

    private func publish(slot: Int) {
        condition.lock()
        lengths[slot] = fillTarget
        payloads[slot] = fillPayload
        ready += 1
        if ready >= highWater { condition.broadcast() }
        condition.unlock()
        fillSlot = nil
        fillUsed = 0
        fillPayload = 0
        fillTarget = blockSize
    }

    private func base(of slot: Int) -> UnsafeMutableRawPointer {
        storage + slot * blockSize
    }

    // MARK: writer side

    /// Waits for work. Like mbuffer: nothing is written until `highWater` blocks are ready (or
    /// the producer finishes), then blocks are written until the buffer is empty.
    func nextStep() -> Step {
        condition.lock(); defer { condition.unlock() }
        while true {
            if aborted || failure != nil { return .stop }
            if ready > 0 && (draining || finishing || ready >= highWater) {
                draining = true
                return .write(Block(slot: head, length: lengths[head], payload: payloads[head]))
            }
            if draining {
                draining = false
                return .drained
            }
            if finishing { return .finished }
            condition.wait()
        }
    }

    /// The bytes of a block handed out by `nextStep`; valid until `release`.
    func bytes(of block: Block) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base(of: block.slot), count: block.length)
    }

    /// Frees the oldest slot after it was written, waking a producer waiting for room.
    func release() {
        condition.lock()
        head = (head + 1) % capacity
        ready -= 1
        condition.broadcast()
        condition.unlock()
    }

    /// Records the writer's error (the producer sees it on its next call) and wakes everyone.
    func fail(_ error: any Error) {
        condition.lock()
        if failure == nil { failure = error }
        condition.broadcast()
        condition.unlock()
    }

    func writerDidExit() {
        condition.lock()
        writerExited = true
        condition.broadcast()
        condition.unlock()
    }
}
