/// The evaluator's side of `TemplateLimits`: depth, output size, time and cancellation.
extension Evaluator {
    /// One more level of nesting; past `maxDepth` this is Go's depth error (its own limit is
    /// 100000, which a fixed-size thread stack cannot hold).
    mutating func enter() throws {
        if depth >= budget.limits.maxDepth {
            throw error("exceeded maximum template depth (\(budget.limits.maxDepth))")
        }
        depth += 1
    }

    mutating func leave() { depth -= 1 }

    /// Counts a step; every 256 steps, stops the execution if it is past its deadline or its
    /// task was cancelled (reading the clock on every node would cost more than the node).
    mutating func checkpoint() throws {
        steps &+= 1
        if steps & 0xFF == 0, let reason = budget.stopReason { throw error(reason) }
    }

    /// Appends to the output unless that would pass `maxOutputBytes`.
    mutating func emit(_ text: String) throws {
        let size = output.utf8.count + text.utf8.count
        if size > budget.limits.maxOutputBytes {
            throw error("output would be \(size) bytes, over the limit of \(budget.limits.maxOutputBytes) bytes")
        }
        output += text
    }
}
