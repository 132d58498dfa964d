import Foundation

/// Receives bytes on a transfer thread. Implementations may block (e.g. a full pipe) and throw to abort.
public protocol ByteSink: AnyObject, Sendable {
    func write(_ bytes: UnsafeRawBufferPointer) throws
}

/// A sink that wants to see the response head before its first byte (e.g. 200 vs 206 to a Range).
public protocol ResponseAwareSink: ByteSink {
    func begin(status: Int, headers: HTTPHeaders) throws
}

/// Supplies bytes on a transfer thread. Returns 0 at the end; may block until bytes are available.
public protocol ByteSource: AnyObject, Sendable {
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
    /// Gives up on the rest: a pipe's writer is released, a file closed. Safe to call twice.
    func close()
}

extension ByteSource {
    public func close() {}

    /// Reads everything left into `sink`, through one buffer of `bufferSize` bytes.
    public func copy(into sink: any ByteSink, bufferSize: Int = 1 << 20) throws {
        var buffer = [UInt8](repeating: 0, count: bufferSize)
        while true {
            let n = try buffer.withUnsafeMutableBytes { try read(into: $0) }
            if n == 0 { return }
            try buffer.withUnsafeBytes { try sink.write(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
        }
    }
}

/// Reads at most `limit` bytes of another source: one upload chunk of a longer stream.
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

/// A source over bytes already in memory (manifests, small JSON bodies).
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

/// A sink that keeps bytes in memory, bounded, for small documents only.
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

/// A sink that discards bytes (used to drain, or when only the digest matters).
public final class DiscardSink: ByteSink {
    public init() {}
    public func write(_ bytes: UnsafeRawBufferPointer) throws {}
}

/// Errors raised by the in-process streams themselves.
public enum StreamError: Error, Sendable, CustomStringConvertible {
    case tooLarge(limit: Int)
    case closed

    public var description: String {
        switch self {
        case .tooLarge(let limit): return "document larger than the \(limit)-byte limit"
        case .closed: return "stream closed by the other side"
        }
    }
}

/// Reports bytes as they are read, for progress, without holding them.
public final class CountingSource: ByteSource, @unchecked Sendable {
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
