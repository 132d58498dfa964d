/// Byte counts come from untrusted descriptors (a planted size of 2^63−1 is valid JSON), so totals
/// shown in progress lines and summaries saturate instead of trapping on overflow. Checks that
/// decide what is accepted compare sizes with the bytes actually read, never these totals.
extension Int64 {
    /// `self + other`, clamped to `Int64.max` / `Int64.min` instead of trapping.
    public func saturatingAdd(_ other: Int64) -> Int64 {
        let (sum, overflow) = addingReportingOverflow(other)
        guard overflow else { return sum }
        return other > 0 ? .max : .min
    }
}

extension Sequence {
    /// The sum of `size` over the elements, saturating at `Int64.max`.
    public func saturatingSum(_ size: (Element) -> Int64) -> Int64 {
        reduce(0) { $0.saturatingAdd(size($1)) }
    }
}
