import Foundation

/// A count-down latch for ordering events between threads and tasks in tests: `signal` from
/// anywhere, wait with a deadline. A test that sleeps "long enough" for another task to reach a
/// point is flaky on a loaded machine and slow on an idle one; waiting on a latch is neither, and
/// the deadline makes a broken test fail instead of hanging. The default deadline is long: with
/// the suite's blocking tests holding both threads of the pool on 2 cores, a ready task may wait
/// tens of seconds for a thread.
public final class Latch: @unchecked Sendable {
    /// The latch did not open within the deadline.
    public struct Timeout: Error, CustomStringConvertible {
        public let name: String
        public let seconds: Double
        public var description: String { "latch '\(name)' not signalled within \(seconds) s" }
    }

    /// The default deadline, in seconds.
    public static let deadline: Double = 120

    public let name: String
    private let condition = NSCondition()
    private var remaining: Int
    private var waiters: [UUID: CheckedContinuation<Bool, Never>] = [:]

    /// Opens after `count` signals.
    public init(_ name: String = "latch", count: Int = 1) {
        self.name = name
        remaining = max(0, count)
    }

    /// Whether every expected signal arrived.
    public var isOpen: Bool {
        condition.lock()
        defer { condition.unlock() }
        return remaining == 0
    }

    /// Counts one signal down; the last one releases every waiter. Extra signals are ignored.
    public func signal() {
        condition.lock()
        guard remaining > 0 else { condition.unlock(); return }
        remaining -= 1
        var released: [CheckedContinuation<Bool, Never>] = []
        if remaining == 0 {
            released = Array(waiters.values)
            waiters.removeAll()
            condition.broadcast()
        }
        condition.unlock()
        released.forEach { $0.resume(returning: true) }
    }

    /// Blocks the calling thread until the latch opens; false if `seconds` passed first.
    /// For threads only: async code uses `arrival(within:)` or `opens(within:)`.
    public func wait(seconds: Double = Latch.deadline) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        condition.lock()
        defer { condition.unlock() }
        while remaining > 0 {
            if !condition.wait(until: deadline) { return remaining == 0 }
        }
        return true
    }

    /// Suspends until the latch opens; throws `Timeout` if `seconds` passed first.
    public func arrival(within seconds: Double = Latch.deadline) async throws {
        guard await opens(within: seconds) else { throw Timeout(name: name, seconds: seconds) }
    }

    /// Suspends until the latch opens (true) or `seconds` pass (false), holding no thread: a
    /// blocked pool thread could be the one the awaited task needs, and an absence watched
    /// that way would pass for the wrong reason.
    public func opens(within seconds: Double) async -> Bool {
        let id = UUID()
        var timer: Task<Void, any Error>?
        defer { timer?.cancel() }
        return await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            condition.lock()
            guard remaining > 0 else { condition.unlock(); continuation.resume(returning: true); return }
            waiters[id] = continuation
            condition.unlock()
            // Started once the waiter is registered, so an early expiry cannot miss it.
            timer = Task { [weak self] in
                try await Task.sleep(nanoseconds: UInt64(seconds * 1e9))
                self?.expire(id)
            }
        }
    }

    private func expire(_ id: UUID) {
        condition.lock()
        let waiter = waiters.removeValue(forKey: id)
        condition.unlock()
        waiter?.resume(returning: false)
    }
}
