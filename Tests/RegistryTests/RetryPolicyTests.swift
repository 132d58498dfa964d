import Foundation
import Testing
@testable import Registry

@Suite struct RetryPolicyTests {
    @Test func retryAfterSeconds() {
        #expect(RetryPolicy.retryAfter("2") == 2)
        #expect(RetryPolicy.retryAfter(" 0 ") == 0)
        #expect(RetryPolicy.retryAfter(nil) == nil)
        #expect(RetryPolicy.retryAfter("soon") == nil)
    }

    /// Values that would trap when turned into nanoseconds of sleep.
    @Test func retryAfterOutOfRange() {
        #expect(RetryPolicy.retryAfter("nan") == nil)
        #expect(RetryPolicy.retryAfter("inf") == nil)
        #expect(RetryPolicy.retryAfter("1e400") == nil)
        #expect(RetryPolicy.retryAfter("99999999999999999999") == nil)
        #expect(RetryPolicy.retryAfter("-3") == 0)
    }

    @Test func retryAfterHTTPDate() throws {
        let now = Date(timeIntervalSince1970: 1_700_000_000)   // Tue, 14 Nov 2023 22:13:20 GMT
        let value = try #require(RetryPolicy.retryAfter("Tue, 14 Nov 2023 22:13:50 GMT", now: now))
        #expect(abs(value - 30) < 0.5)
    }

    @Test func backoffGrowsAndIsBounded() {
        let policy = RetryPolicy(maxAttempts: 10, baseDelay: 1, maxDelay: 4)
        for _ in 0..<50 {
            #expect((0.5...1).contains(policy.backoff(attempt: 1)))
            #expect((2...4).contains(policy.backoff(attempt: 3)))
            #expect((2...4).contains(policy.backoff(attempt: 9)))
        }
    }

    /// The one wait between tries: `Retry-After` replaces the backoff, a refused connection gets
    /// the short pause, and a server asking for more than `maxRetryAfter` is not waited for.
    @Test func pauseObeysRetryAfterUpToTheCap() async throws {
        let policy = RetryPolicy(maxAttempts: 3, baseDelay: 60, maxDelay: 60, maxRetryAfter: 1)
        #expect(policy.delay(after: 1, retryAfter: "2", refused: false) == nil)
        #expect(policy.delay(after: 1, retryAfter: "0", refused: false) == 0)
        #expect(policy.delay(after: 1, retryAfter: "1", refused: true) == 1)
        #expect(policy.delay(after: 4, retryAfter: nil, refused: true) == RetryPolicy.refusedDelay)
        #expect((30...60).contains(policy.delay(after: 1, retryAfter: nil, refused: false) ?? -1))
        // Over the cap: false at once (a wait of 30 s or more would show as a hung test).
        #expect(try await !policy.pause(after: 1, retryAfter: "3600"))
    }

    @Test(arguments: [(429, true), (503, true), (502, true), (404, false), (401, false), (400, false)])
    func retryableStatuses(status: Int, expected: Bool) {
        #expect(RetryPolicy.isRetryable(status: status) == expected)
    }

    @Test func linkHeaderNext() {
        #expect(RegistryClient.nextLink(#"</v2/a/tags/list?last=b&n=2>; rel="next""#) == "/v2/a/tags/list?last=b&n=2")
        #expect(RegistryClient.nextLink(#"</x>; rel="prev""#) == nil)
    }

    @Test(arguments: [
        ("https://reg.example.com/v2/a/blobs/uploads/1?_state=x", "https://reg.example.com", true),
        ("https://REG.example.com:443/v2/a/blobs/uploads/1", "https://reg.example.com", true),
        ("http://127.0.0.1:5000/v2/x", "http://127.0.0.1:5000", true),
        ("http://reg.example.com/v2/x", "https://reg.example.com", false),
        ("https://reg.example.com:8443/v2/x", "https://reg.example.com", false),
        ("https://storage.example.net/blob?sig=1", "https://reg.example.com", false),
        ("https://reg.example.com.evil.net/v2/x", "https://reg.example.com", false),
    ])
    func credentialsStayWithTheEndpointOrigin(url: String, base: String, same: Bool) {
        #expect(RegistryClient.sameOrigin(url, base) == same)
    }
}
