import Foundation

/// Runs requests on dedicated threads with a pool of reusable libcurl handles.
///
/// libcurl's easy API blocks, and blocking Swift's cooperative pool would starve every other
/// task, so each transfer runs on a transfer thread (`runOnThread`) while the async caller
/// suspends. Handles go back to the pool after use so their cached connections serve the next
/// request (HTTP keep-alive).
public final class HTTPTransport: @unchecked Sendable {
    private let lock = NSLock()
    private var idle: [CurlHandle] = []
    private let maxIdle: Int
    public let limits: TransferLimits

    public init(maxIdleHandles: Int = 16, limits: TransferLimits = TransferLimits()) {
        self.maxIdle = maxIdleHandles
        self.limits = limits
    }

    /// Performs `request`; cancelling the calling task aborts the transfer.
    public func perform(_ request: HTTPRequest) async throws -> HTTPResponse {
        let cancel = CancelFlag()
        return try await withTaskCancellationHandler {
            try await runOnThread { try self.performBlocking(request, cancel: cancel) }
        } onCancel: {
            cancel.cancel()
        }
    }

    /// Performs `request` on the calling thread; for code already on a transfer thread.
    public func performBlocking(_ request: HTTPRequest, cancel: CancelFlag = CancelFlag()) throws -> HTTPResponse {
        let handle = try checkout()
        defer { checkin(handle) }
        return try handle.perform(request, limits: limits, cancel: cancel)
    }

    private func checkout() throws -> CurlHandle {
        lock.lock()
        let handle = idle.popLast()
        lock.unlock()
        if let handle { return handle }
        guard let fresh = CurlHandle() else {
            throw TransportError(kind: .other, code: 0, message: "libcurl could not create a handle", url: "", underlying: nil)
        }
        return fresh
    }

    private func checkin(_ handle: CurlHandle) {
        lock.lock()
        if idle.count < maxIdle { idle.append(handle) }
        lock.unlock()
    }
}

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

/// Bounds how many transfers run at once (`--concurrency`), in FIFO order.
public actor TransferLimiter {
    private let limit: Int
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    public init(limit: Int) { self.limit = max(1, limit) }

    /// Runs `body` once a slot is free.
    public func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        await acquire()
        defer { release() }
        return try await body()
    }

    private func acquire() async {
        if running < limit {
            running += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    private func release() {
        if waiting.isEmpty {
            running -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
