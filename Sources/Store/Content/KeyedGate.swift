/// Lets one task at a time work on a key; the others wait their turn, in order.
///
/// Used to push one digest to one registry at a time: eight images sharing a base layer, placed
/// in parallel, would otherwise upload it eight times at once before any of them could lend it.
/// Waiting turns the seven others into cross-repository mounts of the first one's copy.
public actor KeyedGate<Key: Hashable & Sendable> {
    private var busy: Set<Key> = []
    private var waiting: [Key: [CheckedContinuation<Void, Never>]] = [:]

    public init() {}

    /// Runs `body` once no other holder of `key` is running.
    public func exclusively<T: Sendable>(_ key: Key, _ body: @Sendable () async throws -> T) async throws -> T {
        await enter(key)
        defer { leave(key) }
        return try await body()
    }

    private func enter(_ key: Key) async {
        guard busy.contains(key) else {
            busy.insert(key)
            return
        }
        await withCheckedContinuation { waiting[key, default: []].append($0) }
    }

    private func leave(_ key: Key) {
        guard var queue = waiting[key], !queue.isEmpty else {
            busy.remove(key)
            return
        }
        let next = queue.removeFirst()
        waiting[key] = queue.isEmpty ? nil : queue
        next.resume()   // the key stays busy: it passes to the next waiter
    }
}
