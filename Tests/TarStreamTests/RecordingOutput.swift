import Foundation
@testable import TarStream

/// A `BlockOutput` that records every call, can hold writes at a gate and can fail on demand.
final class RecordingOutput: BlockOutput, @unchecked Sendable {
    enum Event: Equatable {
        case write(Int)
        case sync
        case durable(Int64)
    }

    struct Failure: Error {}

    let kind: OutputDevice.Kind
    private let condition = NSCondition()
    private var recorded: [Event] = []
    private var bytes = Data()
    private var gateOpen: Bool
    private let failAfterWrites: Int?

    init(kind: OutputDevice.Kind = .characterDevice, gateOpen: Bool = true, failAfterWrites: Int? = nil) {
        self.kind = kind
        self.gateOpen = gateOpen
        self.failAfterWrites = failAfterWrites
    }

    var events: [Event] { condition.lock(); defer { condition.unlock() }; return recorded }
    var data: Data { condition.lock(); defer { condition.unlock() }; return bytes }
    var writeSizes: [Int] {
        events.compactMap { if case .write(let size) = $0 { size } else { nil } }
    }
    var durableOffsets: [Int64] {
        events.compactMap { if case .durable(let offset) = $0 { offset } else { nil } }
    }

    func write(_ chunk: UnsafeRawBufferPointer) throws {
        condition.lock(); defer { condition.unlock() }
        while !gateOpen { condition.wait() }
        if let failAfterWrites, writeSizes(locked: ()) >= failAfterWrites { throw Failure() }
        recorded.append(.write(chunk.count))
        bytes.append(contentsOf: chunk)
        condition.broadcast()
    }

    func sync() throws {
        condition.lock(); defer { condition.unlock() }
        recorded.append(.sync)
    }

    /// The `onDurable` callback: logged in the same sequence as writes and syncs.
    func durable(_ offset: Int64) {
        condition.lock(); defer { condition.unlock() }
        recorded.append(.durable(offset))
        condition.broadcast()
    }

    func openGate() {
        condition.lock(); defer { condition.unlock() }
        gateOpen = true
        condition.broadcast()
    }

    /// Waits (up to `seconds`) until at least `count` writes were recorded.
    func waitForWrites(_ count: Int, seconds: Double = 5) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        condition.lock(); defer { condition.unlock() }
        while writeSizes(locked: ()) < count {
            if !condition.wait(until: deadline) { return false }
        }
        return true
    }

    private func writeSizes(locked: Void) -> Int {
        recorded.reduce(0) { if case .write = $1 { $0 + 1 } else { $0 } }
    }
}
