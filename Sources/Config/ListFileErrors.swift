/// Every bad line of a list file at once: a user fixing a thousand-line sources.list should not
/// have to run ferry once per typo. One problem is thrown as the `ListFileError` itself.
public struct ListFileErrors: Error, Sendable, Equatable, CustomStringConvertible {
    /// The problems, in line order.
    public var problems: [ListFileError]

    public var description: String {
        let file = problems.first?.file ?? "list"
        return "\(file) has \(problems.count) bad lines:\n" + problems.map(\.description).joined(separator: "\n")
    }

    /// Throws nothing for no problems, the one problem, or all of them in line order.
    public static func throwIfAny(_ problems: [ListFileError]) throws {
        let sorted = problems.sorted { $0.line < $1.line }
        if sorted.count == 1, let only = sorted.first { throw only }
        if sorted.count > 1 { throw ListFileErrors(problems: sorted) }
    }

    /// `body` applied to each item; the items that pass, and every `ListFileError` collected.
    public static func collecting<Item, Result>(
        _ items: [Item], _ body: (Item) throws -> Result
    ) rethrows -> (results: [Result], problems: [ListFileError]) {
        var results: [Result] = []
        var problems: [ListFileError] = []
        for item in items {
            do { results.append(try body(item)) } catch let problem as ListFileError { problems.append(problem) }
        }
        return (results, problems)
    }
}
