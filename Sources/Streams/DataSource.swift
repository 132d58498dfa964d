import Foundation

/// A source over bytes already in memory (manifests, small JSON bodies).
// Invariant: `lock` guards `offset`; `data` is immutable.
public final class DataSource: ByteSource, @unchecked Sendable {
    private let data: Data
    private var offset = 0
    private let lock = NSLock()

    public init(_ data: Data) { self.data = data }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        lock.lock(); defer { lock.unlock() }
        let count = min(buffer.count, data.count - offset)
        guard count > 0, let base = buffer.baseAddress else { return 0 }
        data.withUnsafeBytes { raw in
            if let src = raw.baseAddress { base.copyMemory(from: src + offset, byteCount: count) }
        }
        offset += count
        return count
    }
}
