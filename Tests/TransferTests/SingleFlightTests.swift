import Foundation
import Testing
import TestSupport
@testable import Transfer

@Suite struct SingleFlightTests {
    struct Boom: Error {}

    @Test func aWaiterRetriesAfterTheLeaderFailsAndSuccessIsRemembered() async throws {
        let flight = SingleFlight<Int, Int>()
        let leaderRunning = Latch("leader running"), release = Latch("leader released")
        let first = Task {
            try await flight.run(1) {
                leaderRunning.signal()
                try await release.arrival()
                throw Boom()
            }
        }
        try await leaderRunning.arrival()
        // The leader holds the flight until released, so the second caller finds it running and
        // waits; its own work may only run on the retry, after the leader failed. (The moment
        // it joins is not observable from outside the actor: it is released once it has called.)
        let calling = Latch("second calling")
        let second = Task {
            calling.signal()
            return try await flight.run(1) {
                #expect(release.isOpen, "a waiter ran its own work while the leader was running")
                return 42
            }
        }
        try await calling.arrival()
        await Task.yield()
        release.signal()
        #expect(try await second.value == 42)
        await #expect(throws: Boom.self) { _ = try await first.value }
        #expect(try await flight.run(1) { 7 } == 42)
    }

    @Test func concurrentCallersShareOneRun() async throws {
        final class Counter: @unchecked Sendable {
            private let lock = NSLock()
            private var value = 0
            func next() -> Int { lock.lock(); defer { lock.unlock() }; value += 1; return value }
            var count: Int { lock.lock(); defer { lock.unlock() }; return value }
        }
        let counter = Counter()
        let flight = SingleFlight<String, Int>()
        // The one run ends only once every caller has called: none can come late and start anew.
        let callers = 20
        let allCalling = Latch("all callers calling", count: callers)
        let results = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<callers {
                group.addTask {
                    allCalling.signal()
                    return try await flight.run("k") {
                        try await allCalling.arrival()
                        return counter.next()
                    }
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(counter.count == 1)
        #expect(Set(results) == [1])
    }
}
