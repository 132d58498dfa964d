import Foundation
import OCI
import Registry
import Store

/// One transfer per key: a second caller for the same digest waits for the first one's result.
///
/// The first caller runs the work itself (not in a detached task), so cancelling the copy
/// cancels the transfer; callers that were waiting then see the same error.
actor SingleFlight<Key: Hashable & Sendable, Value: Sendable> {
    private enum State {
        case running([CheckedContinuation<Value, any Error>])
        case done(Result<Value, any Error>)
    }
    private var states: [Key: State] = [:]

    /// A success is remembered for the rest of the run; a failure is not: a caller that was
    /// waiting (and is not itself cancelled) tries once more, so one image's cancelled or failed
    /// transfer does not fail every other image sharing the blob.
    func run(_ key: Key, _ work: @Sendable () async throws -> Value) async throws -> Value {
        do {
            return try await attempt(key, work)
        } catch let first as WaiterFailure {
            if Task.isCancelled { throw first.underlying }
            do {
                return try await attempt(key, work)
            } catch let second as WaiterFailure {
                throw second.underlying
            }
        }
    }

    private func attempt(_ key: Key, _ work: @Sendable () async throws -> Value) async throws -> Value {
        switch states[key] {
        case .done(let result)?:
            return try result.get()
        case .running(var waiters)?:
            do {
                return try await withCheckedThrowingContinuation { continuation in
                    waiters.append(continuation)
                    states[key] = .running(waiters)
                }
            } catch {
                throw WaiterFailure(underlying: error)
            }
        case nil:
            states[key] = .running([])
            let result: Result<Value, any Error>
            do { result = .success(try await work()) } catch { result = .failure(error) }
            if case .running(let waiters)? = states[key] { waiters.forEach { $0.resume(with: result) } }
            states[key] = result.isSuccess ? .done(result) : nil
            return try result.get()
        }
    }

    /// The leader's failure as a waiter saw it.
    private struct WaiterFailure: Error { let underlying: any Error }
}

private extension Result {
    var isSuccess: Bool {
        if case .success = self { return true }
        return false
    }
}
