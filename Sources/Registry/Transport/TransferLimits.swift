import Foundation

/// Timeouts for one transfer: how long to wait for a connection, how slow a transfer may get
/// before it counts as stalled, and a deadline for requests that stream no body.
///
/// Blob bodies have no overall deadline (a 4 GiB layer over a slow link takes as long as it
/// takes); they end when they stall instead. Everything else (HEAD, manifests, tokens, opening
/// and committing uploads) is small, so a request that has not finished by the deadline is hung.
/// Short in tests that provoke stalls; users set them with `FERRY_*` environment variables.
public struct TransferLimits: Sendable, Equatable {
    public var connectTimeoutMilliseconds: Int
    /// A transfer slower than `lowSpeedBytesPerSecond` for this long is dropped (and retried by the client).
    public var stallSeconds: Int
    public var lowSpeedBytesPerSecond: Int
    /// The whole-exchange deadline for requests without a body stream.
    public var requestTimeoutSeconds: Double

    public init(connectTimeoutMilliseconds: Int = 30_000, stallSeconds: Int = 30, lowSpeedBytesPerSecond: Int = 1024,
                requestTimeoutSeconds: Double = 120) {
        self.connectTimeoutMilliseconds = connectTimeoutMilliseconds
        self.stallSeconds = stallSeconds
        self.lowSpeedBytesPerSecond = lowSpeedBytesPerSecond
        self.requestTimeoutSeconds = requestTimeoutSeconds
    }

    /// The defaults with `FERRY_CONNECT_TIMEOUT`, `FERRY_LOW_SPEED_TIME`, `FERRY_REQUEST_TIMEOUT`
    /// (seconds) and `FERRY_LOW_SPEED_LIMIT` (bytes per second) applied where set.
    public init(environment: [String: String]) throws {
        self.init()
        if let seconds = try EnvironmentSetting.positive("FERRY_CONNECT_TIMEOUT", in: environment) {
            connectTimeoutMilliseconds = Self.milliseconds(seconds)
        }
        if let seconds = try EnvironmentSetting.positive("FERRY_LOW_SPEED_TIME", in: environment) {
            stallSeconds = max(1, Int(seconds.rounded(.up)))
        }
        if let rate = try EnvironmentSetting.positive("FERRY_LOW_SPEED_LIMIT", in: environment) {
            lowSpeedBytesPerSecond = max(1, Int(rate))
        }
        if let seconds = try EnvironmentSetting.positive("FERRY_REQUEST_TIMEOUT", in: environment) {
            requestTimeoutSeconds = seconds
        }
    }

    /// The deadline for `request`: its own, else the default unless a body streams either way.
    func deadline(for request: HTTPRequest) -> Double? {
        if let own = request.timeoutSeconds { return own }
        if request.sink != nil { return nil }
        if case .stream = request.body { return nil }
        return requestTimeoutSeconds
    }

    /// Seconds as whole milliseconds for libcurl, saturating instead of trapping.
    static func milliseconds(_ seconds: Double) -> Int {
        let value = (seconds * 1000).rounded(.up)
        return value >= Double(Int.max) ? Int.max : max(1, Int(value))
    }

    /// "120" rather than "120.0" in messages.
    static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() && seconds < 1e15 ? String(Int(seconds)) : String(seconds)
    }
}

/// Reads a numeric `FERRY_*` setting; a value that is set but unusable is an error, not ignored.
enum EnvironmentSetting {
    /// The finite number > 0 in `name`, or nil when it is unset or empty.
    static func positive(_ name: String, in environment: [String: String]) throws -> Double? {
        guard let text = environment[name]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        guard let value = Double(text), value.isFinite, value > 0, value < 1e12 else {
            throw RegistryError(.invalidInput, operation: "environment variable \(name)",
                                detail: "\"\(text)\" is not a positive number; unset it or give e.g. \(name)=30")
        }
        return value
    }
}

/// Set from another thread to abort a running transfer at its next progress callback.
// Invariant: `lock` guards `value`.
public final class CancelFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    public init() {}
    public var isCancelled: Bool { lock.lock(); defer { lock.unlock() }; return value }
    public func cancel() { lock.lock(); value = true; lock.unlock() }
}
