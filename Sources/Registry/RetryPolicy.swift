import Foundation

/// Exponential backoff with full jitter, bounded tries, and the server's `Retry-After` obeyed.
public struct RetryPolicy: Sendable {
    /// Tries per request, counting the first. Tries that moved bytes forward don't count (resume).
    public var maxAttempts: Int
    public var baseDelay: Double
    public var maxDelay: Double
    /// The longest `Retry-After` honoured; a registry asking for more fails the request instead.
    public var maxRetryAfter: Double

    public init(maxAttempts: Int = 5, baseDelay: Double = 0.25, maxDelay: Double = 8, maxRetryAfter: Double = 120) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
    }

    /// Delay before try number `attempt + 1` (attempt counts from 1).
    func backoff(attempt: Int) -> Double {
        let ceiling = min(maxDelay, baseDelay * pow(2, Double(attempt - 1)))
        return Double.random(in: (ceiling / 2)...ceiling)
    }

    /// Whether an HTTP status is worth another try.
    static func isRetryable(status: Int) -> Bool {
        status == 429 || status == 408 || status == 502 || status == 503 || status == 504 || status == 500
    }

    /// `Retry-After` as seconds, from either delta-seconds or an HTTP-date.
    static func retryAfter(_ value: String?, now: Date = Date()) -> Double? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if let seconds = Double(value) { return max(0, seconds) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        if let date = formatter.date(from: value) { return max(0, date.timeIntervalSince(now)) }
        return nil
    }
}
