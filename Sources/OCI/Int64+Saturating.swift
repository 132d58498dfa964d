extension Int64 {
    /// `self + other`, clamped to `Int64.min...Int64.max` instead of trapping: sizes come from
    /// untrusted descriptors (a stream may declare 2^63-1), and a total only ever informs.
    public func addingSaturated(_ other: Int64) -> Int64 {
        let (sum, overflow) = addingReportingOverflow(other)
        guard overflow else { return sum }
        return other > 0 ? .max : .min
    }
}

extension Sequence where Element == Descriptor {
    /// The sizes added up, saturating at `Int64.max` (see `addingSaturated`).
    public var totalSize: Int64 { reduce(0) { $0.addingSaturated($1.size) } }
}

extension Sequence where Element == Int64 {
    /// The sum, saturating at `Int64.max` (see `addingSaturated`).
    public var saturatedSum: Int64 { reduce(0) { $0.addingSaturated($1) } }
}
