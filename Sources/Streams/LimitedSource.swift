/// Reads at most `limit` bytes of another source: one upload chunk of a longer stream.
// Invariant: `remaining` is touched only by `read`, which one transfer thread calls at a time (the upload that owns the chunk).
public final class LimitedSource: ByteSource, @unchecked Sendable {
    private let base: any ByteSource
    private var remaining: Int64

    public init(_ base: any ByteSource, limit: Int64) {
        self.base = base
        self.remaining = limit
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard remaining > 0 else { return 0 }
        let slice = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<Int(min(Int64(buffer.count), remaining))])
        let n = try base.read(into: slice)
        remaining -= Int64(n)
        return n
    }
}
