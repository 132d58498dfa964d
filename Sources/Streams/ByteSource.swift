import Foundation

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
