/// What one execution may still spend: its deadline, its cancellation, and the size limits that
/// functions check before they build a string or a list (a failure after the fact would come
/// too late: `repeat 1000000000 "x"` allocates gigabytes before it returns).
struct ExecutionBudget: Sendable {
    let limits: TemplateLimits
    let deadline: ContinuousClock.Instant
    let cancel: CancelFlag

    init(limits: TemplateLimits, cancel: CancelFlag) {
        self.limits = limits
        self.deadline = .now + limits.timeLimit
        self.cancel = cancel
    }

    /// Why execution must stop now, or nil: past the deadline or cancelled.
    var stopReason: String? {
        if cancel.isCancelled { return "execution cancelled" }
        if ContinuousClock.now >= deadline { return "exceeded the time limit (\(Self.seconds(limits.timeLimit)))" }
        return nil
    }

    /// Throws the stop reason as a function failure (for functions that loop).
    func checkTime() throws {
        if let reason = stopReason { throw FunctionFailure(reason) }
    }

    /// Fails before a function builds a string of `bytes` bytes that is over the limit.
    func checkString(bytes: Int) throws {
        if bytes > limits.maxStringBytes {
            throw FunctionFailure("result would be \(bytes) bytes, over the limit of \(limits.maxStringBytes) bytes")
        }
    }

    /// Fails before a function builds a list of `count` elements that is over the limit.
    func checkElements(count: Int) throws {
        if count > limits.maxValueElements {
            throw FunctionFailure("result would have \(count) elements, over the limit of \(limits.maxValueElements) elements")
        }
    }

    /// `count * size` without overflow, for size estimates.
    static func product(_ count: Int, _ size: Int) -> Int {
        let (value, overflow) = count.multipliedReportingOverflow(by: size)
        return overflow ? .max : value
    }

    static func seconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        if attoseconds == 0 { return "\(seconds)s" }
        return "\(Double(seconds) + Double(attoseconds) / 1e18)s"
    }
}
