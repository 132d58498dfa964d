import Foundation
import Synchronization

/// Runs parsing or execution on a thread whose stack size is set here, not inherited: a template's
/// depth limit is only safe if the stack it was measured against is the one it runs on, and the
/// caller may be a 512 KiB secondary thread (macOS) or a cooperative-pool thread.
enum StackThread {
    /// Runs `work` on a new thread of `stackSize` bytes and waits for it. While waiting, the
    /// caller's task cancellation (SIGTERM or Ctrl-C in the CLI) is passed on through `cancel`,
    /// which the evaluator polls; the worker thread belongs to no task and cannot see it itself.
    static func run<T: Sendable>(stackSize: Int, cancel: CancelFlag = CancelFlag(),
                                 _ work: @escaping @Sendable () throws -> T) throws -> T {
        let outcome = Outcome<T>()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            outcome.result = Result { try work() }
            done.signal()
        }
        // Rounded to whole pages, as pthread requires.
        thread.stackSize = (stackSize + 0xFFFF) & ~0xFFFF
        thread.start()
        while done.wait(timeout: .now() + .milliseconds(20)) == .timedOut {
            if Task.isCancelled { cancel.cancel() }
        }
        // The semaphore orders the worker's write before this read.
        guard let result = outcome.result else {
            throw TemplateError(description: "template: the worker thread ended without a result")
        }
        return try result.get()
    }

    // Invariant: the worker writes `result` once, before `done.signal()`; the caller reads it after the wait.
    private final class Outcome<T>: @unchecked Sendable {
        var result: Result<T, any Error>?
    }
}

/// Set once the execution should stop (the caller's task was cancelled); read by the evaluator.
final class CancelFlag: Sendable {
    private let cancelled = Atomic(false)

    func cancel() { cancelled.store(true, ordering: .releasing) }
    /// Polled by the evaluator on every step: one atomic load, no lock.
    var isCancelled: Bool { cancelled.load(ordering: .acquiring) }
}
