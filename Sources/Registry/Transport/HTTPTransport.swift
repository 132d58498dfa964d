import Foundation
import Streams

/// Runs requests on dedicated threads with a pool of reusable libcurl handles.
///
/// libcurl's easy API blocks, and blocking Swift's cooperative pool would starve every other
/// task, so each transfer runs on a transfer thread (`runOnThread`) while the async caller
/// suspends. Handles go back to the pool after use so their cached connections serve the next
/// request (HTTP keep-alive).
// Invariant: `lock` guards `idle`; the other properties are immutable.
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
