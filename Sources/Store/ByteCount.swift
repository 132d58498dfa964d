/// Sums of sizes read from manifests. A descriptor may claim any size up to `Int64.max`, so
/// totals, progress and offsets built from them saturate instead of trapping on overflow.
public enum ByteCount {
    /// `a + b`, held at `Int64.max` (or `.min`) instead of overflowing.
    public static func adding(_ a: Int64, _ b: Int64) -> Int64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        guard overflow else { return sum }
        return b > 0 ? .max : .min
    }

    /// The saturated sum of `sizes`.
    public static func sum<S: Sequence>(_ sizes: S) -> Int64 where S.Element == Int64 {
        sizes.reduce(0, adding)
    }
}
