import Foundation

/// Exponential backoff with equal jitter, bounded tries, and the server's `Retry-After` obeyed.
///
/// Equal jitter (a random wait in the upper half of the exponential step), not full jitter: with
/// a budget of a few tries, full jitter can spend them all within milliseconds on a registry
/// that is restarting; the random upper half still spreads ferry's parallel transfers apart.
public struct RetryPolicy: Sendable {
    /// Tries per request, counting the first. Tries that moved bytes forward don't count (resume).
    public var maxAttempts: Int
    public var baseDelay: Double
    public var maxDelay: Double
    /// The longest `Retry-After` honoured; a registry asking for more fails the request instead.
    public var maxRetryAfter: Double
    /// Tries in all for one request, those that moved bytes forward included: a peer that drops
    /// every connection after a few bytes must not be resumed for ever.
    public var maxResumes: Int

    public init(maxAttempts: Int = 5, baseDelay: Double = 0.25, maxDelay: Double = 8, maxRetryAfter: Double = 120,
                maxResumes: Int = 25) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
        self.maxResumes = maxResumes
    }

    /// The defaults with `FERRY_RETRIES` (tries per request, counting the first) applied if set.
    public init(environment: [String: String]) throws {
        self.init()
        if let tries = try EnvironmentSetting.positive("FERRY_RETRIES", in: environment) {
            guard tries >= 1, tries == tries.rounded(), tries <= 1000 else {
                throw RegistryError(.invalidInput, operation: "environment variable FERRY_RETRIES",
                                    detail: "\"\(tries)\" is not a whole number of tries from 1 to 1000")
            }
            maxAttempts = Int(tries)
        }
    }

    /// A refused connection is answered at once by a host where nothing listens: one quick
    /// second try covers a registry that is just restarting, more would only delay the error.
    static let refusedAttempts = 2
    static let refusedDelay = 0.1

    /// Delay before try number `attempt + 1` (attempt counts from 1): equal jitter, a random
    /// point in the upper half of `baseDelay * 2^(attempt-1)` capped at `maxDelay`.
    func backoff(attempt: Int) -> Double {
        let ceiling = max(0, min(maxDelay, baseDelay * pow(2, Double(min(max(attempt, 1), 64) - 1))))
        return Double.random(in: (ceiling / 2)...ceiling)
    }

    /// The one wait between tries, for every retry loop: `delay(after:retryAfter:refused:)`.
    /// Returns false at once, without waiting, when the server asks for longer than
    /// `maxRetryAfter` (the request then fails with the server's answer).
    @discardableResult
    func pause(after attempt: Int, retryAfter header: String? = nil, refused: Bool = false) async throws -> Bool {
        guard let delay = delay(after: attempt, retryAfter: header, refused: refused) else { return false }
        // Bounded to a day: never a trap on a huge or non-finite value.
        let bounded = delay.isFinite ? min(max(delay, 0), 86_400) : 0
        try await Task.sleep(nanoseconds: UInt64(bounded * 1e9))
        return true
    }

    /// Seconds to wait before try `attempt + 1`: the server's `Retry-After` when it sent one, the
    /// short pause of a refused connection when `refused`, else `backoff(attempt:)`; nil when
    /// the server asks for longer than `maxRetryAfter`.
    func delay(after attempt: Int, retryAfter header: String?, refused: Bool) -> Double? {
        if let after = Self.retryAfter(header) { return after <= maxRetryAfter ? after : nil }
        return refused ? Self.refusedDelay : backoff(attempt: attempt)
    }

    /// Whether an HTTP status is worth another try.
    static func isRetryable(status: Int) -> Bool {
        status == 429 || status == 408 || status == 502 || status == 503 || status == 504 || status == 500
    }

    /// `Retry-After` as seconds, from either delta-seconds or an HTTP-date.
    static func retryAfter(_ value: String?, now: Date = Date()) -> Double? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        // Whole seconds only, as RFC 9110 says: "nan", "inf" or 1e400 would trap as a sleep time.
        if let seconds = Int64(value) { return Double(max(0, seconds)) }
        if value.first == "-" || value.first?.isNumber == true { return nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        if let date = formatter.date(from: value) { return max(0, date.timeIntervalSince(now)) }
        return nil
    }
}
