import Foundation

/// sprig's duration functions, with Go's `time.ParseDuration` and `Duration.String`; and `fail`,
/// `randInt`, `shuffle` (sprig leaves those two in its "hermetic" map).
extension Functions {
    static let sprigDates: FunctionTable = [
        // sprig reads a string or an int64 only; an `int` (every literal) is 0.
        "duration": GoFunction([.any]) { args in
            let value = args[0]
            var seconds = 0
            if value.type == .string { seconds = GoDuration.parseInt64(str(value)) }
            if value.type == .int64 { seconds = value.intValue ?? 0 }
            return .string(GoDuration.string(seconds &* 1_000_000_000))
        },
        "durationRound": GoFunction([.any]) { args in
            let value = args[0]
            var nanoseconds = 0
            if value.type == .string { nanoseconds = (try? GoDuration.parse(str(value))) ?? 0 }
            if value.type == .int64 { nanoseconds = value.intValue ?? 0 }
            if let time = GoTime(value) { nanoseconds = since(time.seconds, time.nanoseconds) }
            return .string(GoDuration.rounded(nanoseconds))
        },
        "toDate": GoFunction([.string, .string]) { ((try? GoTimeParse.parse(layout: str($0[0]), str($0[1]))) ?? .zero).value },
        "mustToDate": GoFunction([.string, .string]) { args in
            do {
                return try GoTimeParse.parse(layout: str(args[0]), str(args[1])).value
            } catch let failure as GoTimeParse.Failure {
                throw FunctionFailure(failure.message)
            }
        },
        "unixEpoch": GoFunction([.structure(GoTime.typeName)]) { .string(String((GoTime($0[0]) ?? .zero).seconds)) },
        "mustDateModify": GoFunction([.string, .structure(GoTime.typeName)]) { try dateModify($0) },
        "must_date_modify": GoFunction([.string, .structure(GoTime.typeName)]) { try dateModify($0) },
        // A time, or Unix seconds (`int`, `int64`); anything else is now, so "0s".
        "ago": GoFunction([.any]) { args in
            var seconds = Int(Date().timeIntervalSince1970.rounded(.down))
            var nanoseconds = 0
            if let time = GoTime(args[0]) {
                (seconds, nanoseconds) = (time.seconds, time.nanoseconds)
            } else if args[0].type == .int || args[0].type == .int64, let number = args[0].intValue {
                seconds = number
            } else {
                return .string("0s")
            }
            return .string(GoDuration.string(GoDuration.rounded(toSecond: since(seconds, nanoseconds))))
        },
        "fail": GoFunction([.string]) { throw FunctionFailure(str($0[0])) },
        "randInt": GoFunction([.int, .int]) { args in
            let (low, high) = (args[0].intValue ?? 0, args[1].intValue ?? 0)
            let (span, overflow) = high.subtractingReportingOverflow(low)
            if overflow || span <= 0 { throw FunctionFailure("invalid argument to Intn") }
            return .int(low + Int.random(in: 0..<span))
        },
        "shuffle": GoFunction([.string]) { .string(String(String.UnicodeScalarView(str($0[0]).unicodeScalars.shuffled()))) },
    ]
}

extension Functions {
    /// `mustDateModify` (sprig's `dateModify`, which ignores a bad duration, is not hermetic).
    static func dateModify(_ args: [Value]) throws -> Value {
        do {
            return (GoTime(args[1]) ?? .zero).adding(nanoseconds: try GoDuration.parse(str(args[0]))).value
        } catch let invalid as GoDuration.Invalid {
            throw FunctionFailure(invalid.message)
        }
    }

    /// `time.Since`, in nanoseconds (saturating as Go's `Sub` does).
    static func since(_ seconds: Int, _ nanoseconds: Int) -> Int {
        let now = Date().timeIntervalSince1970
        let (delta, overflow) = Int(now.rounded(.down)).subtractingReportingOverflow(seconds)
        if overflow || abs(delta) > Int.max / 1_000_000_000 - 1 { return delta < 0 || overflow && seconds > 0 ? Int.min : Int.max }
        let nowNanos = Int((now - now.rounded(.down)) * 1e9)
        return delta * 1_000_000_000 + nowNanos - nanoseconds
    }
}

/// Go's `time.Duration` text: `1h2m3.5s`, `1.5ms`, `0s`.
enum GoDuration {
    struct Invalid: Error { var message: String }

    static let units: [String: UInt64] = [
        "ns": 1, "us": 1_000, "\u{B5}s": 1_000, "\u{3BC}s": 1_000, "ms": 1_000_000, "s": 1_000_000_000,
        "m": 60_000_000_000, "h": 3_600_000_000_000,
    ]

    static func string(_ duration: Int) -> String {
        let magnitude = UInt64(duration.magnitude)
        var out: String
        if magnitude < 1_000_000_000 {
            if magnitude == 0 { return "0s" }
            let (precision, unit) = magnitude < 1_000 ? (0, "ns") : magnitude < 1_000_000 ? (3, "\u{B5}s") : (6, "ms")
            let (whole, fraction) = split(magnitude, precision)
            out = "\(whole)\(fraction)\(unit)"
        } else {
            let (seconds, fraction) = split(magnitude, 9)
            out = "\(seconds % 60)\(fraction)s"
            let minutes = seconds / 60
            if minutes > 0 {
                out = "\(minutes % 60)m" + out
                if minutes / 60 > 0 { out = "\(minutes / 60)h" + out }
            }
        }
        return (duration < 0 ? "-" : "") + out
    }

    /// `value / 10^precision` and its fraction as `.ddd` without trailing zeros ("" if none).
    private static func split(_ value: UInt64, _ precision: Int) -> (UInt64, String) {
        var scale: UInt64 = 1
        for _ in 0..<precision { scale *= 10 }
        let remainder = value % scale
        guard remainder > 0 else { return (value / scale, "") }
        var digits = String(remainder)
        digits = String(repeating: "0", count: precision - digits.count) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        return (value / scale, "." + digits)
    }

    /// `time.ParseDuration`.
    static func parse(_ original: String) throws -> Int {
        let invalid = Invalid(message: "time: invalid duration " + GoQuote.quote(original))
        var text = Substring(original).utf8[...]
        var negative = false
        if let first = text.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            text = text.dropFirst()
        }
        if text.elementsEqual("0".utf8) { return 0 }
        if text.isEmpty { throw invalid }
        let limit: UInt64 = 1 << 63
        var total: UInt64 = 0
        func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }
        while let first = text.first {
            guard first == UInt8(ascii: ".") || isDigit(first) else { throw invalid }
            var whole: UInt64 = 0
            let before = text.count
            while let byte = text.first, isDigit(byte) {
                guard whole <= limit / 10 else { throw invalid }
                whole = whole * 10 + UInt64(byte - 48)
                guard whole <= limit else { throw invalid }
                text = text.dropFirst()
            }
            let hasWhole = text.count != before
            var (fraction, scale, hasFraction, overflow): (UInt64, Double, Bool, Bool) = (0, 1, false, false)
            if text.first == UInt8(ascii: ".") {
                text = text.dropFirst()
                while let byte = text.first, isDigit(byte) {
                    hasFraction = true
                    text = text.dropFirst()
                    if overflow || fraction > (limit - 1) / 10 { overflow = true; continue }
                    let next = fraction * 10 + UInt64(byte - 48)
                    if next > limit { overflow = true; continue }
                    (fraction, scale) = (next, scale * 10)
                }
            }
            guard hasWhole || hasFraction else { throw invalid }
            let unitText = text.prefix { $0 != UInt8(ascii: ".") && !isDigit($0) }
            text = text.dropFirst(unitText.count)
            if unitText.isEmpty { throw Invalid(message: "time: missing unit in duration " + GoQuote.quote(original)) }
            let unitName = GoText.string(unitText)
            guard let unit = units[unitName] else {
                throw Invalid(message: "time: unknown unit \(GoQuote.quote(unitName)) in duration \(GoQuote.quote(original))")
            }
            guard whole <= limit / unit else { throw invalid }
            var value = whole * unit
            if fraction > 0 {
                value += UInt64(Double(fraction) * (Double(unit) / scale))
                guard value <= limit else { throw invalid }
            }
            total += value
            guard total <= limit else { throw invalid }
        }
        if negative { return Int(truncatingIfNeeded: 0 &- total) }
        guard total <= limit - 1 else { throw invalid }
        return Int(total)
    }

    /// `Duration.Round(time.Second)`: halves away from zero.
    static func rounded(toSecond duration: Int) -> Int {
        let remainder = duration % 1_000_000_000
        let down = duration - remainder
        if abs(remainder) * 2 < 1_000_000_000 { return down }
        let (up, overflow) = down.addingReportingOverflow(duration < 0 ? -1_000_000_000 : 1_000_000_000)
        return overflow ? (duration < 0 ? Int.min : Int.max) : up
    }

    /// sprig's `durationRound`: the largest whole unit (y = 365 d, mo = 30 d, d, h, m, s).
    static func rounded(_ duration: Int) -> String {
        let magnitude = UInt64(duration.magnitude)
        let hour: UInt64 = 3_600_000_000_000
        let units: [(UInt64, String)] = [
            (hour * 24 * 365, "y"), (hour * 24 * 30, "mo"), (hour * 24, "d"), (hour, "h"), (60_000_000_000, "m"), (1_000_000_000, "s"),
        ]
        for (size, name) in units where magnitude > size { return "\(magnitude / size)\(name)" }
        return "0s"
    }

    /// `strconv.ParseInt(text, 10, 64)` as sprig uses it: 0 on a syntax error, the limit on overflow.
    static func parseInt64(_ text: String) -> Int {
        var digits = Substring(text)
        let negative = digits.first == "-"
        if digits.first == "-" || digits.first == "+" { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return 0 }
        return Int(text) ?? (negative ? Int.min : Int.max)
    }
}
