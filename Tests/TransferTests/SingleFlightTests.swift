import Foundation
import Testing
@testable import Transfer

@Suite struct SingleFlightTests {
    struct Boom: Error {}

    @Test func aWaiterRetriesAfterTheLeaderFailsAndSuccessIsRemembered() async throws {
        let flight = SingleFlight<Int, Int>()
        let first = Task {
            try await flight.run(1) {
                try await Task.sleep(nanoseconds: 300_000_000)
                throw Boom()
            }
        }
        try await Task.sleep(nanoseconds: 50_000_000)
        let second = try await flight.run(1) { 42 }
        #expect(second == 42)
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
        let results = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    try await flight.run("k") {
                        try await Task.sleep(nanoseconds: 100_000_000)
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
