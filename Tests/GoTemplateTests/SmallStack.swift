import Foundation

/// Runs work on a thread with a chosen stack size (512 KiB is what macOS gives secondary
/// threads), so a test proves the engine's depth limits hold on a small stack, not only on the
/// 8 MiB main thread.
enum SmallStack {
    static func run<T: Sendable>(stackSize: Int = 512 * 1024, _ work: @escaping @Sendable () -> T) -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            box.value = work()
            done.signal()
        }
        thread.stackSize = stackSize
        thread.start()
        done.wait()
        // The semaphore orders the write before this read.
        guard let value = box.value else { preconditionFailure("thread finished without a result") }
        return value
    }

    private final class ResultBox<T>: @unchecked Sendable {
        var value: T?
    }
}
