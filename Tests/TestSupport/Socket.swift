import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Blocking POSIX TCP sockets on 127.0.0.1, the transport under the token server and fault proxy.
///
/// Plain sockets rather than a networking framework because the fault proxy must control bytes
/// exactly (cut a response after N bytes, flip one byte) and both servers must work on Linux
/// Foundation, where nothing higher-level offers a server socket.
enum Sockets {
    #if os(Linux)
    static let streamType = Int32(SOCK_STREAM.rawValue)
    static let sendFlags = Int32(MSG_NOSIGNAL)
    #else
    static let streamType = SOCK_STREAM
    static let sendFlags: Int32 = 0
    #endif

    /// A new TCP socket; on Darwin it is told not to raise SIGPIPE (Linux does that per send).
    static func makeSocket() throws -> Int32 {
        let fd = socket(AF_INET, streamType, 0)
        guard fd >= 0 else { throw TestSupportError.system("socket", errno: errno) }
        closeOnExec(fd)
        #if !os(Linux)
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, socklen_t(MemoryLayout<Int32>.size))
        #endif
        return fd
    }

    static func loopbackAddress(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(truncatingIfNeeded: port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }
}

/// A listening socket on 127.0.0.1.
final class SocketListener: @unchecked Sendable {
    let port: Int
    private let fd: Int32
    private let lock = NSLock()
    private var closed = false

    /// Listens on 127.0.0.1:`port` (0 = any free port).
    init(port: Int) throws {
        ProcessSignals.ignoreSIGPIPE()
        let fd = try Sockets.makeSocket()
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = Sockets.loopbackAddress(port: port)
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(fd, 128) == 0 else {
            let code = errno
            _ = posixClose(fd)
            throw TestSupportError.system("bind/listen 127.0.0.1:\(port)", errno: code)
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &actual) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else {
            let code = errno
            _ = posixClose(fd)
            throw TestSupportError.system("getsockname", errno: code)
        }
        self.fd = fd
        self.port = Int(UInt16(bigEndian: actual.sin_port))
    }

    deinit { close() }

    /// Waits up to `timeout` seconds for a client. Returns nil on timeout or once closed, so an
    /// accept loop can notice a stop request without relying on platform-specific wakeups.
    func accept(timeout: TimeInterval) throws -> SocketConnection? {
        lock.lock()
        let isClosed = closed
        lock.unlock()
        if isClosed { return nil }
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, Int32(timeout * 1000))
        if ready <= 0 { return nil }
        let client = posixAccept(fd)
        if client < 0 {
            if errno == EINTR || errno == EAGAIN || errno == ECONNABORTED { return nil }
            throw TestSupportError.system("accept", errno: errno)
        }
        return SocketConnection(fd: client)
    }

    func close() {
        lock.lock()
        defer { lock.unlock() }
        guard !closed else { return }
        closed = true
        _ = posixClose(fd)
    }
}

/// A connected TCP socket with a read buffer, so HTTP heads can be parsed line by line and the
/// bytes after them handed on untouched.
///
/// One thread reads and writes; any thread may `shutdown()` to wake it. Only the owning thread
/// calls `close()`, after it stopped using the descriptor, so a descriptor number is never reused
/// under a reader's feet.
final class SocketConnection: @unchecked Sendable {
    private let fd: Int32
    private let lock = NSLock()
    private var closed = false
    private var buffer = Data()

    init(fd: Int32) {
        self.fd = fd
    }

    deinit { close() }

    /// Connects to 127.0.0.1:`port`.
    static func connect(port: Int) throws -> SocketConnection {
        ProcessSignals.ignoreSIGPIPE()
        let fd = try Sockets.makeSocket()
        var address = Sockets.loopbackAddress(port: port)
        let result = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                posixConnect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            let code = errno
            _ = posixClose(fd)
            throw TestSupportError.system("connect 127.0.0.1:\(port)", errno: code)
        }
        return SocketConnection(fd: fd)
    }

    /// Up to `maximum` bytes: buffered ones first, else one `recv`. Empty means end of stream.
    func read(maximum: Int = 65536) throws -> Data {
        if !buffer.isEmpty {
            let count = min(maximum, buffer.count)
            return take(count)
        }
        return try receive(maximum: maximum)
    }

    /// The next byte without consuming it; nil at end of stream.
    func peekByte() throws -> UInt8? {
        if buffer.isEmpty {
            let chunk = try receive(maximum: 65536)
            if chunk.isEmpty { return nil }
            buffer = chunk
        }
        return buffer.first
    }

    /// Exactly `count` bytes, or `HTTPWireError.truncated` if the peer closes first.
    func readExactly(_ count: Int) throws -> Data {
        var result = Data()
        while result.count < count {
            let chunk = try read(maximum: min(65536, count - result.count))
            if chunk.isEmpty { throw HTTPWireError.truncated }
            result.append(chunk)
        }
        return result
    }

    /// Bytes up to and including `delimiter`; nil if the stream ends before any byte arrives.
    /// Throws if it ends mid-way or `limit` bytes pass without the delimiter.
    func readThrough(_ delimiter: Data, limit: Int = 65536) throws -> Data? {
        var searchFrom = 0
        while true {
            // Offsets, not indices: a `Data` may not start at index 0.
            let base = buffer.startIndex
            if let range = buffer.range(of: delimiter, in: (base + searchFrom)..<buffer.endIndex) {
                return take(range.upperBound - base)
            }
            if buffer.count > limit { throw HTTPWireError.malformed("no \(delimiter.count)-byte delimiter in \(limit) bytes") }
            searchFrom = max(0, buffer.count - delimiter.count + 1)
            let chunk = try receive(maximum: 65536)
            if chunk.isEmpty {
                if buffer.isEmpty { return nil }
                throw HTTPWireError.truncated
            }
            buffer.append(chunk)
        }
    }

    /// Writes all of `data` or throws (EPIPE / ECONNRESET when the peer went away).
    func write(_ data: Data) throws {
        var offset = 0
        while offset < data.count {
            let sent = data.withUnsafeBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return send(fd, base + offset, data.count - offset, Sockets.sendFlags)
            }
            if sent < 0 {
                if errno == EINTR { continue }
                throw TestSupportError.system("send", errno: errno)
            }
            offset += sent
        }
    }

    /// Ends both directions so a thread blocked in `read` returns; safe from any thread.
    func shutdown() {
        lock.lock()
        defer { lock.unlock() }
        guard !closed else { return }
        _ = posixShutdown(fd)
    }

    func close() {
        lock.lock()
        defer { lock.unlock() }
        guard !closed else { return }
        closed = true
        _ = posixClose(fd)
    }

    /// Removes and returns the first `count` buffered bytes, leaving a zero-based buffer.
    private func take(_ count: Int) -> Data {
        let split = buffer.startIndex + count
        let head = Data(buffer[buffer.startIndex..<split])
        buffer = Data(buffer[split...])
        return head
    }

    private func receive(maximum: Int) throws -> Data {
        var chunk = Data(count: maximum)
        while true {
            let received = chunk.withUnsafeMutableBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return recv(fd, base, maximum, 0)
            }
            if received < 0 {
                if errno == EINTR { continue }
                throw TestSupportError.system("recv", errno: errno)
            }
            chunk.count = received
            return chunk
        }
    }
}

// The Swift overlay names collide with our methods (`close`, `accept`, `connect`, `shutdown`),
// so the C functions are reached through these file-private spellings.
private func posixClose(_ fd: Int32) -> Int32 {
    #if canImport(Glibc)
    return Glibc.close(fd)
    #else
    return Darwin.close(fd)
    #endif
}

private func posixShutdown(_ fd: Int32) -> Int32 {
    #if canImport(Glibc)
    return Glibc.shutdown(fd, Int32(SHUT_RDWR))
    #else
    return Darwin.shutdown(fd, SHUT_RDWR)
    #endif
}

private func posixAccept(_ fd: Int32) -> Int32 {
    #if canImport(Glibc)
    let accepted = Glibc.accept(fd, nil, nil)
    #else
    let accepted = Darwin.accept(fd, nil, nil)
    #endif
    if accepted >= 0 { closeOnExec(accepted) }
    return accepted
}

/// Registries, skopeo and ferry run as child processes: a listener or connection they inherited
/// would stay open after its server closed it (a stopped proxy would still accept connections).
func closeOnExec(_ fd: Int32) {
    _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
}

private func posixConnect(_ fd: Int32, _ address: UnsafePointer<sockaddr>, _ length: socklen_t) -> Int32 {
    #if canImport(Glibc)
    return Glibc.connect(fd, address, length)
    #else
    return Darwin.connect(fd, address, length)
    #endif
}
