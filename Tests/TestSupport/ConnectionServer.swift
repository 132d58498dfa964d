import Foundation

/// A thread-per-connection TCP server on 127.0.0.1, shared by `TokenServer` and `FaultProxy`.
///
/// Threads rather than Swift concurrency because every handler blocks in `recv`: a few blocked
/// connections must never starve the cooperative pool the tests themselves run on (2 threads on a
/// 2-core machine). `stop()` wakes every blocked thread and waits for the accept loop to end, so
/// no server outlives its test.
final class ConnectionServer: @unchecked Sendable {
    let port: Int
    private let listener: SocketListener
    private let handler: @Sendable (SocketConnection) -> Void
    private let lock = NSLock()
    private var stopped = false
    private var open: [ObjectIdentifier: SocketConnection] = [:]
    private let acceptLoopEnded = DispatchSemaphore(value: 0)

    /// Starts listening on a free port; `handler` runs on its own thread per connection and the
    /// connection is closed when it returns.
    init(name: String, handler: @escaping @Sendable (SocketConnection) -> Void) throws {
        listener = try SocketListener(port: 0)
        port = listener.port
        self.handler = handler
        let thread = Thread { [self] in acceptLoop() }
        thread.name = "\(name) accept :\(port)"
        thread.start()
    }

    deinit {
        stop()
    }

    /// Stops accepting, cuts every open connection and waits (up to 5 s) for the accept loop.
    func stop() {
        lock.lock()
        if stopped {
            lock.unlock()
            return
        }
        stopped = true
        let connections = Array(open.values)
        lock.unlock()
        for connection in connections { connection.shutdown() }
        _ = acceptLoopEnded.wait(timeout: .now() + 5)
        listener.close()
    }

    private var isStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }

    private func acceptLoop() {
        defer { acceptLoopEnded.signal() }
        while !isStopped {
            let accepted: SocketConnection?
            do {
                accepted = try listener.accept(timeout: 0.1)
            } catch {
                // e.g. EMFILE: back off instead of spinning on an error that persists.
                Thread.sleep(forTimeInterval: 0.05)
                continue
            }
            guard let connection = accepted else { continue }
            let key = ObjectIdentifier(connection)
            lock.lock()
            if stopped {
                lock.unlock()
                connection.close()
                return
            }
            open[key] = connection
            lock.unlock()
            let thread = Thread { [self] in
                handler(connection)
                connection.shutdown()
                connection.close()
                lock.lock()
                open[key] = nil
                lock.unlock()
            }
            thread.name = "connection :\(port)"
            thread.start()
        }
    }
}
