import Foundation

/// A sink that keeps bytes in memory, bounded, for small documents only.
// Invariant: `lock` guards `buffer`; `limit` is immutable.
public final class DataSink: ByteSink, @unchecked Sendable {
    private var buffer = Data()
    private let limit: Int
    private let lock = NSLock()

    public init(limit: Int = 4 << 20) { self.limit = limit }

    public var data: Data { lock.lock(); defer { lock.unlock() }; return buffer }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        lock.lock(); defer { lock.unlock() }
        guard buffer.count + bytes.count <= limit else {
            throw StreamError.tooLarge(limit: limit)
        }
        buffer.append(contentsOf: bytes)
    }
}
