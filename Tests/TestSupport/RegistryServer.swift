import Streams
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A real registry (Debian's `docker-registry`, CNCF distribution 2.8) on 127.0.0.1, started per
/// test in one of three auth/transport modes.
///
/// Tests talk to this instead of mocks so ferry meets real distribution behaviour: its error
/// bodies, its upload state machine, its manifest verification. Each server has its own storage
/// directory and port; `stop()` (or deinit) kills the process and removes every file it made.
public final class RegistryServer: @unchecked Sendable {
    public enum Mode: Sendable, Equatable {
        /// HTTP, no auth.
        case plain
        /// HTTPS with a certificate from the test CA, htpasswd (bcrypt) Basic auth.
        case tlsBasic(username: String, password: String)
        /// HTTP with Bearer tokens from a `TokenServer` this server starts and owns.
        case token(username: String, password: String, anonymousPull: Bool)
    }

    public let mode: Mode
    /// `127.0.0.1:PORT`, the registry host as it appears in references.
    public let host: String
    public let port: Int
    /// Registry storage root (`rootdirectory`); content lives under `docker/registry/v2/`.
    public let storageDirectory: URL
    /// TLS mode: a certs.d-style root holding `<host>/ca.crt`.
    public let certsDirectory: URL?
    /// TLS mode: the CA certificate that issued the server certificate.
    public let caCertificate: URL?
    /// Token mode: the token server the registry sends clients to.
    public let tokenServer: TokenServer?

    /// Everything this server wrote (config, logs, storage, certs.d), removed by `stop()`.
    let rootDirectory: URL
    let accessLogFile: URL
    let errorLogFile: URL
    private let process: ChildProcess
    /// Echoed by this registry in `X-Ferry-Test-Registry` (see `RegistryConfig`).
    private let instanceID = UUID().uuidString
    private let lock = NSLock()
    private var stopped = false
    private var sentinelCounter = 0

    /// `http://127.0.0.1:PORT` or `https://127.0.0.1:PORT`.
    public var baseURL: String {
        if case .tlsBasic = mode { return "https://\(host)" }
        return "http://\(host)"
    }

    /// The username of the auth modes, nil for `.plain`.
    public var username: String? {
        switch mode {
        case .plain: return nil
        case .tlsBasic(let username, _), .token(let username, _, _): return username
        }
    }

    /// The password of the auth modes, nil for `.plain`.
    public var password: String? {
        switch mode {
        case .plain: return nil
        case .tlsBasic(_, let password), .token(_, let password, _): return password
        }
    }

    /// Starts a registry on a random port and waits until `GET /v2/` answers (401 counts).
    ///
    /// Retries on another port if the chosen one was taken in the meantime; fails with the
    /// registry's own log if it exits or does not answer within ~10 s.
    public static func start(_ mode: Mode = .plain) async throws -> RegistryServer {
        // The wait runs on its own thread: tests block the (2-thread) cooperative pool with
        // synchronous tool runs, and a readiness loop queued behind them would see its 10 s
        // deadline pass before it ever ran.
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result { try startBlocking(mode) })
            }
            thread.name = "registry start"
            thread.start()
        }
    }

    /// `start` for synchronous callers; blocks the calling thread until the registry answers.
    public static func startBlocking(_ mode: Mode = .plain) throws -> RegistryServer {
        var lastError: Error = TestSupportError.serverDidNotStart("docker-registry", log: "")
        for _ in 0..<3 {
            let server = try RegistryServer(mode: mode)
            do {
                try server.waitUntilReady(timeout: 10)
                return server
            } catch let error as PortTaken {
                server.stop()
                lastError = error.underlying
            } catch {
                server.stop()
                throw error
            }
        }
        throw lastError
    }

    private init(mode: Mode) throws {
        self.mode = mode
        let root = try TestTools.makeTempDirectory("ferry-registry")
        rootDirectory = root
        do {
            // The token server binds its port first, so it cannot land on the one picked next.
            if case .token(let username, let password, let anonymousPull) = mode {
                tokenServer = try TokenServer(username: username, password: password, anonymousPull: anonymousPull)
            } else {
                tokenServer = nil
            }
            let port = try TestTools.freePort()
            self.port = port
            host = "127.0.0.1:\(port)"
            storageDirectory = root.appendingPathComponent("storage", isDirectory: true)
            accessLogFile = root.appendingPathComponent("registry.stdout.log")
            errorLogFile = root.appendingPathComponent("registry.stderr.log")
            try FileManager.default.createDirectory(at: storageDirectory, withIntermediateDirectories: true)

            var config = RegistryConfig(port: port, instanceID: instanceID, storageDirectory: storageDirectory)
            switch mode {
            case .plain:
                certsDirectory = nil
                caCertificate = nil
            case .tlsBasic(let username, let password):
                let certificates = try TestCertificates.shared()
                let certs = root.appendingPathComponent("certs.d", isDirectory: true)
                let hostDirectory = certs.appendingPathComponent(host, isDirectory: true)
                try FileManager.default.createDirectory(at: hostDirectory, withIntermediateDirectories: true)
                let ca = hostDirectory.appendingPathComponent("ca.crt")
                try FileManager.default.copyItem(at: certificates.caCertificate, to: ca)
                certsDirectory = certs
                caCertificate = ca
                let htpasswd = root.appendingPathComponent("htpasswd")
                let line = try TestTools.runChecked("htpasswd", ["-Bbn", username, password]).stdout
                try Data(line.trimmingCharacters(in: .whitespacesAndNewlines).appending("\n").utf8).write(to: htpasswd)
                config.tls = (certificates.serverCertificate, certificates.serverKey)
                config.htpasswdFile = htpasswd
            case .token:
                let certificates = try TestCertificates.shared()
                certsDirectory = nil
                caCertificate = nil
                if let server = tokenServer {
                    config.token = (server.realm, server.service, server.issuer, certificates.tokenCertificate)
                }
            }
            let configFile = root.appendingPathComponent("config.yml")
            try Data(config.yaml.utf8).write(to: configFile)

            _ = FileManager.default.createFile(atPath: accessLogFile.path, contents: nil)
            _ = FileManager.default.createFile(atPath: errorLogFile.path, contents: nil)
            let access = try FileHandle(forWritingTo: accessLogFile)
            let errors = try FileHandle(forWritingTo: errorLogFile)
            let input = try FileHandle(forReadingFrom: URL(fileURLWithPath: "/dev/null"))
            defer { try? access.close(); try? errors.close(); try? input.close() }
            // REGISTRY_* variables override config keys; none may leak in from the environment.
            self.process = try ChildProcess(
                executable: try TestTools.resolve("docker-registry").path, arguments: ["serve", configFile.path],
                environment: ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("REGISTRY_") },
                standardInput: input.fileDescriptor, standardOutput: access.fileDescriptor, standardError: errors.fileDescriptor)
        } catch {
            // An already started token server stops in its deinit when this init unwinds.
            try? FileManager.default.removeItem(at: root)
            throw error
        }
    }

    deinit {
        stop()
    }

    /// Kills the registry (SIGTERM, then SIGKILL after 5 s), stops the token server and removes
    /// the storage, logs and certificates. Idempotent.
    public func stop() {
        lock.lock()
        if stopped {
            lock.unlock()
            return
        }
        stopped = true
        lock.unlock()
        process.stop(grace: 5)
        tokenServer?.stop()
        try? FileManager.default.removeItem(at: rootDirectory)
    }

    /// The registry's own log (stderr: logrus lines, startup errors) followed by its access log.
    public func log() -> String {
        let errors = (try? String(contentsOf: errorLogFile, encoding: .utf8)) ?? ""
        let access = (try? String(contentsOf: accessLogFile, encoding: .utf8)) ?? ""
        return errors + access
    }

    /// Whether the registry process is still running.
    public var isRunning: Bool { process.isRunning }

    private struct PortTaken: Error {
        let underlying: Error
    }

    private func waitUntilReady(timeout: TimeInterval) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if !process.isRunning {
                let log = self.log()
                let error = TestSupportError.serverDidNotStart("docker-registry (\(mode)) on \(host)", log: log)
                if log.contains("address already in use") { throw PortTaken(underlying: error) }
                throw error
            }
            // Something else may have bound the port between `freePort()` and the registry's own
            // bind (another test's token server, or a proxy that would even forward to another
            // registry); only this instance's ID header proves the answer came from this registry.
            if (try? SocketConnection.connect(port: port)) != nil, try probe(path: "/v2/").instanceID == instanceID {
                return
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw TestSupportError.serverDidNotStart(
            "docker-registry (\(mode)) on \(host) within \(Int(timeout)) s", log: log())
    }

    /// Status and `X-Ferry-Test-Registry` of an unauthenticated GET (status 0 if nothing answered).
    func probe(path: String) throws -> (status: Int, instanceID: String) {
        var arguments = ["-s", "-o", "/dev/null", "-w", "%{http_code} %header{x-ferry-test-registry}", "--max-time", "5"]
        if let caCertificate { arguments += ["--cacert", caCertificate.path] }
        arguments.append(baseURL + path)
        let words = try TestTools.run("curl", arguments).stdout.split(separator: " ")
        return (words.first.flatMap { Int($0) } ?? 0, words.count > 1 ? String(words[1]) : "")
    }

    /// A fresh path that no client would request, to mark a point in the access log.
    func nextSentinelPath() -> String {
        lock.lock()
        defer { lock.unlock() }
        sentinelCounter += 1
        return "/v2/\(Self.sentinelMarker)-\(sentinelCounter)/tags/list"
    }

    static let sentinelMarker = "ferry-testsupport-sentinel"
}
