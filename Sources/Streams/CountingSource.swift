/// Reports bytes as they are read, for progress, without holding them.
public final class CountingSource: ByteSource {
    private let base: any ByteSource
    private let report: @Sendable (Int64) -> Void

    public init(_ base: any ByteSource, report: @escaping @Sendable (Int64) -> Void) {
        self.base = base
        self.report = report
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = try base.read(into: buffer)
        if n > 0 { report(Int64(n)) }
        return n
    }

    public func close() { base.close() }
}
