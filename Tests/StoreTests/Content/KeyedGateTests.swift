import Foundation
import Testing
@testable import Store

/// KeyedGate: one holder per key at a time, other keys unhindered.
@Suite struct KeyedGateTests {
    /// Counts holders inside the gate at once.
    actor Occupancy {
        private var inside: [String: Int] = [:]
        private(set) var most: [String: Int] = [:]
        private(set) var total = 0
        private(set) var mostOverall = 0
        func enter(_ key: String) {
            inside[key, default: 0] += 1
            total += 1
            most[key] = max(most[key] ?? 0, inside[key] ?? 0)
            mostOverall = max(mostOverall, total)
        }
        func leave(_ key: String) {
            inside[key, default: 0] -= 1
            total -= 1
        }
    }

    @Test func oneHolderPerKeyAndOtherKeysRunAlongside() async throws {
        let gate = KeyedGate<String>()
        let occupancy = Occupancy()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for round in 0..<8 {
                let key = round.isMultiple(of: 2) ? "a" : "b"
                group.addTask {
                    try await gate.exclusively(key) {
                        await occupancy.enter(key)
                        try await Task.sleep(nanoseconds: 30_000_000)
                        await occupancy.leave(key)
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(await occupancy.most == ["a": 1, "b": 1])
        #expect(await occupancy.mostOverall == 2)
    }

    /// A holder that throws passes the key on: the next waiter still runs.
    @Test func aThrowingHolderReleasesTheKey() async throws {
        struct Boom: Error {}
        let gate = KeyedGate<Int>()
        await #expect(throws: Boom.self) { try await gate.exclusively(1) { throw Boom() } }
        #expect(try await gate.exclusively(1) { 42 } == 42)
    }
}
