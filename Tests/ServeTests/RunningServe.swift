import ClientTestSupport
import Foundation
import Serve
import TestSupport

/// A `ServeServer` running in this process on a free loopback port, stopped by `stop()`.
final class RunningServe: Sendable {
    let address: ListenAddress
    private let task: Task<Void, any Error>
    private let executor = DedicatedExecutor(name: "serve under test")

    init(_ catalog: ServeCatalog, tls: TLSFiles? = nil, authenticator: BasicAuthenticator? = nil) async throws {
        let server = ServeServer(catalog: catalog, listen: try ListenAddress(parsing: "127.0.0.1:0"), tls: tls, authenticator: authenticator)
        let bound = BoundAddress()
        let latch = Latch("serve listening")
        task = Task(executorPreference: executor) {
            try await server.run { address in
                bound.set(address)
                latch.signal()
            }
        }
        try await latch.arrival(within: 20)
        guard let address = bound.get() else { throw TestFailure("serve did not report its address") }
        self.address = address
    }

    /// `http(s)://127.0.0.1:PORT`.
    func url(_ path: String, scheme: String = "http") -> String { "\(scheme)://\(address)\(path)" }

    func stop() async {
        task.cancel()
        _ = await task.result
        executor.shutdown()
    }
}

private final class BoundAddress: @unchecked Sendable {
    private let lock = NSLock()
    private var value: ListenAddress?
    func set(_ address: ListenAddress) { lock.lock(); value = address; lock.unlock() }
    func get() -> ListenAddress? { lock.lock(); defer { lock.unlock() }; return value }
}

/// curl, as an independent client: status, headers (lowercased names) and body.
struct CurlResult {
    let status: Int
    let headers: [String: String]
    let body: Data

    static func get(_ url: String, _ extra: [String] = []) throws -> CurlResult {
        let directory = try TestTools.makeTempDirectory("ferry-serve-curl")
        defer { try? FileManager.default.removeItem(at: directory) }
        let headerFile = directory.appendingPathComponent("headers").path
        let bodyFile = directory.appendingPathComponent("body").path
        let result = try TestTools.run("curl", ["-s", "-D", headerFile, "-o", bodyFile, "-w", "%{http_code}"] + extra + [url])
        guard result.status == 0 else { throw TestFailure("curl \(url) failed: \(result.status) \(result.stderr)") }
        var headers: [String: String] = [:]
        for line in (try String(contentsOfFile: headerFile, encoding: .utf8)).split(separator: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let body = (try? Data(contentsOf: URL(fileURLWithPath: bodyFile))) ?? Data()
        return CurlResult(status: Int(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1, headers: headers, body: body)
    }

    var text: String { String(decoding: body, as: UTF8.self) }
}

/// Runs blocking client work (skopeo, curl, podman runs wait for their child) on a thread of its
/// own: the in-process server answers on the cooperative pool, which these waits must not fill.
func clients<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}
