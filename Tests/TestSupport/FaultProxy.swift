import Foundation

/// An HTTP-aware TCP proxy in front of a plain-HTTP registry that injects faults on request and
/// forwards everything else byte for byte.
///
/// Retries, resume and referrers fallback can only be tested against a peer that misbehaves on
/// cue; real registries rarely do. The proxy parses just enough HTTP/1.1 to know where each
/// message ends (Content-Length or chunked), so it can cut a response after exactly N bytes,
/// flip one body byte, delay a request, or answer on the registry's behalf.
///
/// Each client request is forwarded over a new upstream connection with its `Host` header
/// unchanged, so the registry builds upload `Location` URLs that point back at the proxy.
/// `Expect: 100-continue` is answered by the proxy itself.
public final class FaultProxy: @unchecked Sendable {
    /// One scripted misbehaviour, applied to the next `times` requests that match.
    public struct Fault: Sendable {
        public enum Action: Sendable {
            /// Forward the request, pass this many bytes of the response (head + body), then close
            /// the client connection (FIN, so exactly these bytes arrive).
            case dropAfterResponseBytes(Int)
            /// Answer without contacting the registry, e.g. 429 with `Retry-After: 1`, or 503.
            case respond(status: Int, headers: [String: String], body: String)
            /// Wait, then forward normally (timeouts, slow servers).
            case stall(seconds: Double)
            /// Forward, but invert the body byte at this offset (a server sending wrong content).
            case corruptBody(atOffset: Int)
            /// Forward, pass this many bytes of the response (head + body), then send nothing more
            /// while keeping the connection open until the client gives up (a stalled body).
            case stallAfterResponseBytes(Int)
            /// Forward, but send the response body at about this many bytes per second.
            case dribble(bytesPerSecond: Int)
            /// Answer with exactly these bytes (head and body as given, no Content-Length fixed
            /// up), then close: for heads a real registry never sends, such as huge lengths.
            case respondRaw(String)
            /// Take this many bytes of the request body, then hang up without an answer (a
            /// registry killed mid-upload).
            case dropAfterRequestBytes(Int)
        }

        /// Matches when nil or equal to the request method (case-insensitive).
        public let method: String?
        /// Matches when the request target (path and query) contains this.
        public let pathContains: String
        public let times: Int
        public let action: Action

        public init(method: String? = nil, pathContains: String, times: Int = 1, action: Action) {
            self.method = method
            self.pathContains = pathContains
            self.times = times
            self.action = action
        }

        func matches(method: String, target: String) -> Bool {
            (self.method.map { $0.caseInsensitiveCompare(method) == .orderedSame } ?? true)
                && target.contains(pathContains)
        }
    }

    /// `127.0.0.1:PORT` of the proxy: give this to the client under test.
    public let host: String
    public let port: Int
    /// `127.0.0.1:PORT` of the registry behind the proxy.
    public let upstream: String
    /// The registry's storage root, for the referrers API; nil if not given.
    public let storageDirectory: URL?

    let upstreamPort: Int
    private let lock = NSLock()
    private var server: ConnectionServer?
    private var faults: [(fault: Fault, remaining: Int)] = []
    private var seen: [String] = []
    private var referrers = false
    private var watchers: [(pathContains: String, latch: Latch)] = []

    /// A proxy to `upstream` (`127.0.0.1:PORT` or `localhost:PORT`) on a free local port.
    public convenience init(upstream: String) throws {
        try self.init(upstream: upstream, storageDirectory: nil)
    }

    /// A proxy that can also serve the OCI 1.1 referrers API from `storageDirectory` (the
    /// registry's `rootdirectory`, i.e. `RegistryServer.storageDirectory`).
    public init(upstream: String, storageDirectory: URL?) throws {
        let parts = upstream.split(separator: ":")
        guard parts.count == 2, ["127.0.0.1", "localhost"].contains(String(parts[0])), let port = Int(parts[1]) else {
            throw TestSupportError.invalidInput("FaultProxy upstream must be 127.0.0.1:PORT, got \(upstream)")
        }
        self.upstream = upstream
        upstreamPort = port
        self.storageDirectory = storageDirectory
        let box = WeakFaultProxy()
        let server = try ConnectionServer(name: "fault-proxy") { connection in
            box.value?.serve(client: connection)
        }
        self.port = server.port
        host = "127.0.0.1:\(server.port)"
        self.server = server
        box.value = self
    }

    /// A proxy in front of an HTTP `registry` (`.plain` or `.token` mode), able to serve
    /// referrers from its storage. In token mode the challenge's realm still points straight at
    /// the token server; only registry traffic passes the proxy.
    public convenience init(registry: RegistryServer) throws {
        if case .tlsBasic = registry.mode {
            throw TestSupportError.invalidInput("FaultProxy speaks plain HTTP; use a .plain or .token registry")
        }
        try self.init(upstream: registry.host, storageDirectory: registry.storageDirectory)
    }

    deinit {
        stop()
    }

    /// `http://127.0.0.1:PORT`.
    public var baseURL: String { "http://\(host)" }

    /// Adds a fault after those already queued; the first matching fault with uses left wins.
    public func inject(_ fault: Fault) {
        lock.lock()
        faults.append((fault, fault.times))
        lock.unlock()
    }

    /// Drops every queued fault.
    public func clearFaults() {
        lock.lock()
        faults.removeAll()
        lock.unlock()
    }

    /// Uses left across all queued faults; 0 once every fault has fired (assert on it to prove a
    /// fault was actually hit).
    public var pendingFaults: Int {
        lock.lock()
        defer { lock.unlock() }
        return faults.reduce(0) { $0 + $1.remaining }
    }

    /// `METHOD target` of every request received, in order, including ones the proxy answered.
    public var seenRequests: [String] {
        lock.lock()
        defer { lock.unlock() }
        return seen
    }

    /// A latch that opens once `count` more requests whose target contains `pathContains` have
    /// arrived (counted from now): wait on it instead of polling `seenRequests` to know a client
    /// reached a request, e.g. one a `.stall` fault now holds.
    public func watch(_ pathContains: String, count: Int = 1) -> Latch {
        let latch = Latch("request containing \(pathContains)", count: count)
        lock.lock()
        watchers.append((pathContains, latch))
        lock.unlock()
        return latch
    }

    /// When true, the proxy answers `GET /v2/<name>/referrers/<digest>[?artifactType=X]` itself
    /// (distribution 2.8 has no referrers API and answers 404, the trigger for the tag fallback).
    public var servesReferrersAPI: Bool {
        get {
            lock.lock()
            defer { lock.unlock() }
            return referrers
        }
        set {
            lock.lock()
            referrers = newValue
            lock.unlock()
        }
    }

    /// Stops listening and cuts open client connections. Idempotent.
    public func stop() {
        lock.lock()
        let server = self.server
        self.server = nil
        lock.unlock()
        server?.stop()
    }

    // MARK: - State used by the relay

    func record(_ line: String) {
        lock.lock()
        seen.append(line)
        let matching = watchers.filter { line.contains($0.pathContains) }.map(\.latch)
        lock.unlock()
        matching.forEach { $0.signal() }
    }

    /// The action of the first matching fault with uses left, consuming one use.
    func takeFault(method: String, target: String) -> Fault.Action? {
        lock.lock()
        defer { lock.unlock() }
        guard let index = faults.firstIndex(where: { $0.remaining > 0 && $0.fault.matches(method: method, target: target) })
        else { return nil }
        faults[index].remaining -= 1
        return faults[index].fault.action
    }
}

/// Breaks the cycle between the accept thread's handler and the proxy, so `deinit` can run.
private final class WeakFaultProxy: @unchecked Sendable {
    weak var value: FaultProxy?
}
