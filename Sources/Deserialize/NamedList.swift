/// The first few names of a set of problems and how many there are in all: an error can name
/// what to look at without growing with a stream that is broken everywhere.
public struct NamedList: Sendable, Equatable {
    /// Names kept; the rest are only counted.
    public static let shown = 10
    public private(set) var names: [String] = []
    public private(set) var count = 0

    public init() {}

    public var isEmpty: Bool { count == 0 }

    public mutating func append(_ name: String) {
        count += 1
        if names.count < Self.shown { names.append(name) }
    }

    /// `a, b, c`, then `and N more` past the names kept.
    public func joined(separator: String = ", ") -> String {
        let more = count - names.count
        return names.joined(separator: separator) + (more > 0 ? "\(separator)and \(more) more" : "")
    }
}
