import Foundation

/// Why a run stopped before its command finished: the user interrupted it, or the reader of
/// standard output went away (`ferry gather --json … | head -1`). Either way the command's task is
/// cancelled, so transfers stop the way they stop on any cancellation (temporary files removed,
/// nothing half-written made visible), and the run ends with one message and one exit code.
final class RunControl: @unchecked Sendable {
    enum Stop: Equatable {
        case interrupted
        case outputClosed(errno: Int32)
    }

    static let shared = RunControl()

    // Invariant: `stop` and `cancel` are only touched with `lock` held.
    private let lock = NSLock()
    private var stop: Stop?
    private var cancel: (@Sendable () -> Void)?

    /// What stopped the run, if anything did.
    var stopped: Stop? { lock.lock(); defer { lock.unlock() }; return stop }

    /// The command's task: cancelled at once if the run was already stopped.
    func attach(cancel: @escaping @Sendable () -> Void) {
        lock.lock()
        self.cancel = cancel
        let already = stop != nil
        lock.unlock()
        if already { cancel() }
    }

    /// Records the first reason and cancels the command; returns false for a later one.
    @discardableResult
    func trip(_ reason: Stop) -> Bool {
        lock.lock()
        guard stop == nil else { lock.unlock(); return false }
        stop = reason
        let cancel = self.cancel
        lock.unlock()
        cancel?()
        return true
    }
}
