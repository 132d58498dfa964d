import Foundation
import Registry

/// Drops the first `skip` bytes of a stream: a resumed run regenerates the stream from its start
/// (the bytes are deterministic) and only what lies past the kept part of the file is written.
final class SkippingSink: ByteSink, @unchecked Sendable {
    private let base: any ByteSink
    private var skip: Int64

    init(_ base: any ByteSink, skip: Int64) {
        self.base = base
        self.skip = skip
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard skip > 0 else { return try base.write(bytes) }
        let dropped = Int(min(Int64(bytes.count), skip))
        skip -= Int64(dropped)
        if dropped < bytes.count { try base.write(UnsafeRawBufferPointer(rebasing: bytes[dropped...])) }
    }
}

/// `size` zero bytes: stands in for a blob whose entry lies wholly in the kept part of a resumed
/// file, so regenerating that part reads nothing from the source.
final class ZeroSource: ByteSource, @unchecked Sendable {
    private var remaining: Int64

    init(size: Int64) { remaining = size }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = Int(min(Int64(buffer.count), remaining))
        guard n > 0, let base = buffer.baseAddress else { return 0 }
        base.initializeMemory(as: UInt8.self, repeating: 0, count: n)
        remaining -= Int64(n)
        return n
    }
}
