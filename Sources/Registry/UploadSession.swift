import Foundation
import Streams
import Synchronization

/// The newest Location of an open upload session: each PATCH answers with a new one (its state
/// token), and only the newest cancels the session, so the caller can still DELETE it after a
/// failure deep inside the chunk loop.
final class UploadSession: Sendable {
    private let current: Mutex<String>

    init(_ location: String) { current = Mutex(location) }

    var location: String {
        get { current.withLock { $0 } }
        set { current.withLock { $0 = newValue } }
    }
}

/// The source an upload is reading now, closable from a cancellation handler on another thread.
final class OpenSource: Sendable {
    private let state = Mutex<(source: (any ByteSource)?, closed: Bool)>((nil, false))

    /// Closes the previous source and holds `next` (closing it at once if already cancelled).
    func replace(with next: any ByteSource) -> any ByteSource {
        let (previous, isClosed) = state.withLock { state in
            defer { state.source = next }
            return (state.source, state.closed)
        }
        previous?.close()
        if isClosed { next.close() }
        return next
    }

    func close() {
        let current = state.withLock { state in
            state.closed = true
            return state.source
        }
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
final class CompletingSource: ByteSource, Sendable {
    static let padLimit: Int64 = 8 << 20

    private let base: any ByteSource
    private let state: Mutex<(remaining: Int64, kept: (any Error)?)>

    init(_ base: any ByteSource, length: Int64) {
        self.base = base
        self.state = Mutex((max(0, length), nil))
    }

    /// The source's error, if the body was completed with padding.
    var failure: (any Error)? { state.withLock { $0.kept } }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        try state.withLock { state in
            guard state.remaining > 0 else { return 0 }
            let slice = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<Int(min(Int64(buffer.count), state.remaining))])
            if state.kept == nil {
                do {
                    let n = try base.read(into: slice)
                    state.remaining -= Int64(n)
                    return n
                } catch {
                    guard state.remaining <= Self.padLimit, !(error is CancellationError) else { throw error }
                    state.kept = error
                }
            }
            slice.initializeMemory(as: UInt8.self, repeating: 0)
            state.remaining -= Int64(slice.count)
            return slice.count
        }
    }

    func close() { base.close() }
}
