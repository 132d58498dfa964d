import Foundation

/// Runs `work` over `items` with at most `limit` running at once, and hands each result (with
/// the item's position) to `receive` on the calling task as it arrives. A throw from `receive`
/// cancels the work still running and is rethrown.
public func forEachBounded<Item: Sendable, Output: Sendable>(
    _ items: [Item], limit: Int,
    _ work: @escaping @Sendable (Item) async throws -> Output,
    receive: (Int, Result<Output, any Error>) throws -> Void
) async throws {
    try await withThrowingTaskGroup(of: (Int, Result<Output, any Error>).self) { group in
        var pending = items.enumerated().makeIterator()
        for _ in 0..<max(1, limit) {
            guard let (position, item) = pending.next() else { break }
            group.addTask { (position, await Result(catching: { try await work(item) })) }
        }
        while let (position, outcome) = try await group.next() {
            do {
                try receive(position, outcome)
            } catch {
                group.cancelAll()
                throw error
            }
            if let (next, item) = pending.next() {
                group.addTask { (next, await Result(catching: { try await work(item) })) }
            }
        }
    }
}

extension Result where Failure == any Error {
    /// `Result { try await ... }` for async work.
    public init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
