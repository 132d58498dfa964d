import Foundation
import Streams

/// The newest Location of an open upload session: each PATCH answers with a new one (its state
/// token), and only the newest cancels the session, so the caller can still DELETE it after a
/// failure deep inside the chunk loop.
final class UploadSession: @unchecked Sendable {
    private let lock = NSLock()
    private var current: String

    init(_ location: String) { current = location }

    var location: String {
        get { lock.lock(); defer { lock.unlock() }; return current }
        set { lock.lock(); current = newValue; lock.unlock() }
    }
}

/// The source an upload is reading now, closable from a cancellation handler on another thread.
final class OpenSource: @unchecked Sendable {
    private let lock = NSLock()
    private var source: (any ByteSource)?
    private var closed = false

    /// Closes the previous source and holds `next` (closing it at once if already cancelled).
    func replace(with next: any ByteSource) -> any ByteSource {
        lock.lock()
        let previous = source
        source = next
        let isClosed = closed
        lock.unlock()
        previous?.close()
        if isClosed { next.close() }
        return next
    }

    func close() {
        lock.lock()
        closed = true
        let current = source
        lock.unlock()
        current?.close()
    }
}

/// Reads `length` bytes of an upload body; if the source fails with little left to send, the
/// rest goes out as zeros and the failure is kept for the caller to throw once the answer came.
///
/// Why: a request body that breaks off leaves its bytes in the session while the session's state
/// token still names the old offset, and distribution 2.8 then neither resumes nor cancels it
/// (BLOB_UPLOAD_INVALID) until its upload purge days later. A completed PATCH answers with a
/// fresh Location that cancels the session. Above `padLimit` bytes left, sending them costs
/// more than the orphan, so the transfer is aborted as before.
final class CompletingSource: ByteSource, @unchecked Sendable {
    static let padLimit: Int64 = 8 << 20

    private let base: any ByteSource
    private let lock = NSLock()
    private var remaining: Int64
    private var kept: (any Error)?

    init(_ base: any ByteSource, length: Int64) {
        self.base = base
        self.remaining = max(0, length)
    }

    /// The source's error, if the body was completed with padding.
    var failure: (any Error)? { lock.lock(); defer { lock.unlock() }; return kept }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        lock.lock(); defer { lock.unlock() }
        guard remaining > 0 else { return 0 }
        let slice = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<Int(min(Int64(buffer.count), remaining))])
        if kept == nil {
            do {
                let n = try base.read(into: slice)
                remaining -= Int64(n)
                return n
            } catch {
                guard remaining <= Self.padLimit, !(error is CancellationError) else { throw error }
                kept = error
            }
        }
        slice.initializeMemory(as: UInt8.self, repeating: 0)
        remaining -= Int64(slice.count)
        return slice.count
    }

    func close() { base.close() }
}
