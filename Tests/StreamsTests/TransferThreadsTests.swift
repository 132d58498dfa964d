import Foundation
import Testing
@testable import Streams

@Suite struct TransferThreadsTests {
    /// A finished thread parks and takes the next job: no thread is started per request.
    @Test func aParkedThreadRunsTheNextJob() async throws {
        let pool = TransferThreads(maxParked: 2)
        let first = await run(on: pool) { ObjectIdentifier(Thread.current) }
        try await waitUntil { pool.parkedCount == 1 }
        let second = await run(on: pool) { ObjectIdentifier(Thread.current) }
        #expect(first == second)
    }

    /// A parked thread holds nothing of the job it ran (a download's pipe buffer, say).
    @Test func aParkedThreadLetsGoOfItsLastJob() async throws {
        final class Payload: Sendable {}
        let pool = TransferThreads(maxParked: 2)
        weak var released: Payload?
        do {
            let payload = Payload()
            released = payload
            await run(on: pool) { _ = payload }
        }
        try await waitUntil { pool.parkedCount == 1 }
        #expect(released == nil)
    }

    /// Jobs that block until all of them run (an upload reading a pipe a download fills) must
    /// never queue behind each other: far more of them than the pool parks all finish.
    @Test func jobsWaitingForEachOtherAllRun() async throws {
        let pool = TransferThreads(maxParked: 2)
        let barrier = Barrier(parties: 40)
        let outcomes = await withTaskGroup(of: Bool.self, returning: [Bool].self) { group in
            for _ in 0..<40 {
                group.addTask { await run(on: pool) { barrier.arriveAndWait(timeout: 10) } }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.count == 40 && outcomes.allSatisfy { $0 })
        try await waitUntil { pool.parkedCount == 2 }
    }

    private func run<T: Sendable>(on pool: TransferThreads, _ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in pool.run { continuation.resume(returning: work()) } }
    }

    private func waitUntil(_ condition: () -> Bool) async throws {
        let deadline = Date().addingTimeInterval(5)
        while !condition() {
            guard Date() < deadline else { Issue.record("condition not met within 5 s"); return }
            try await Task.sleep(nanoseconds: 5_000_000)
        }
    }
}

/// Blocks each caller until `parties` callers have arrived (or the timeout passes: false).
private final class Barrier: @unchecked Sendable {
    private let condition = NSCondition()
    private let parties: Int
    private var arrived = 0

    init(parties: Int) { self.parties = parties }

    func arriveAndWait(timeout: TimeInterval) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        arrived += 1
        condition.broadcast()
        while arrived < parties {
            guard condition.wait(until: deadline) else { return false }
        }
        return true
    }
}
