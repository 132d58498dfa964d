import Foundation

/// Runs blocking work (a libcurl transfer, file I/O) on a transfer thread while the caller
/// suspends, so Swift's small cooperative thread pool is never blocked.
public func runOnThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
        TransferThreads.shared.run { continuation.resume(with: Result { try work() }) }
    }
}

/// Reusable threads for blocking work.
///
/// Starting a thread per request cost more than a small request itself (a re-gather makes
/// hundreds). A job never waits for a thread: blocking jobs can depend on each other (an upload
/// reads a `BlobPipe` that a download on another thread fills), so when no thread is parked a new
/// one starts rather than the job wait. What is bounded is how many idle threads stay parked.
// Invariant: `condition` guards `handedOver` and `parked`; `maxParked` is immutable.
final class TransferThreads: @unchecked Sendable {
    typealias Job = @Sendable () -> Void

    static let shared = TransferThreads(maxParked: 32)

    private let condition = NSCondition()
    private let maxParked: Int
    /// Jobs not yet taken; never more than `parked`, so each has a thread coming for it.
    private var handedOver: [Job] = []
    /// Threads waiting for a job, and started ones that have not taken their first.
    private var parked = 0

    init(maxParked: Int) { self.maxParked = maxParked }

    /// Runs `job` on a parked thread, or on a new one if none is free.
    func run(_ job: @escaping Job) {
        condition.lock()
        handedOver.append(job)
        let start = handedOver.count > parked
        if start { parked += 1 }
        condition.signal()
        condition.unlock()
        guard start else { return }
        // The job is not captured by the thread: a Thread keeps its block (and all the block
        // holds, such as a pipe's buffer) for as long as it lives.
        let thread = Thread { [self] in serve() }
        thread.stackSize = 1 << 20
        thread.name = "ferry.transfer"
        thread.start()
    }

    /// Threads waiting for a job (for tests).
    var parkedCount: Int {
        condition.lock()
        defer { condition.unlock() }
        return parked
    }

    private func serve() {
        var started = true
        while let job = take(afterStart: started) {
            started = false
            job()
        }
    }

    /// The next job, or nil (the thread ends) when enough threads are parked already.
    private func take(afterStart: Bool) -> Job? {
        condition.lock()
        defer { condition.unlock() }
        if !afterStart {
            guard parked < maxParked else { return nil }
            parked += 1
        }
        while handedOver.isEmpty { condition.wait() }
        parked -= 1
        return handedOver.removeFirst()
    }
}
