import Foundation

/// Runs requests on dedicated threads with a pool of reusable libcurl handles.
///
/// libcurl's easy API blocks, and blocking Swift's cooperative pool would starve every other
/// task, so each transfer gets its own thread while the async caller suspends. Handles go back to
/// the pool after use so their cached connections serve the next request (HTTP keep-alive).
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

/// Runs blocking work (a libcurl transfer, file I/O) on its own thread while the caller suspends,
/// so Swift's small cooperative thread pool is never blocked.
public func runOnThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
        let thread = Thread { continuation.resume(with: Result { try work() }) }
        thread.stackSize = 1 << 20
        thread.start()
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
