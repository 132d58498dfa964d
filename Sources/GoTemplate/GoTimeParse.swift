import Foundation

/// Go's `time.ParseInLocation(layout, value, time.Local)`: the layout is a sample date
/// (`2006-01-02T15:04:05Z07:00`) whose elements say what each part of the value is.
enum GoTimeParse {
    struct Failure: Error { var message: String }

    enum Element: Equatable {
        case year, longYear, month, longMonth, numMonth, zeroMonth, weekDay, longWeekDay
        case day, underDay, zeroDay, hour, hour12, zeroHour12, minute, zeroMinute, second, zeroSecond
        case pm, lowerPM, zoneName
        case numericZone(iso: Bool, colon: Bool, short: Bool, seconds: Bool)
        case fraction(digits: Int, optional: Bool)
    }

    static let shortMonths = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    static let longMonths = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                             "October", "November", "December"]
    static let shortDays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    static let longDays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

    static let zones: [(String, Element)] = [
        ("-07:00:00", .numericZone(iso: false, colon: true, short: false, seconds: true)),
        ("-070000", .numericZone(iso: false, colon: false, short: false, seconds: true)),
        ("-07:00", .numericZone(iso: false, colon: true, short: false, seconds: false)),
        ("-0700", .numericZone(iso: false, colon: false, short: false, seconds: false)),
        ("-07", .numericZone(iso: false, colon: false, short: true, seconds: false)),
        ("Z07:00:00", .numericZone(iso: true, colon: true, short: false, seconds: true)),
        ("Z070000", .numericZone(iso: true, colon: false, short: false, seconds: true)),
        ("Z07:00", .numericZone(iso: true, colon: true, short: false, seconds: false)),
        ("Z0700", .numericZone(iso: true, colon: false, short: false, seconds: false)),
        ("Z07", .numericZone(iso: true, colon: false, short: true, seconds: false)),
    ]

    /// Go's `nextStdChunk`: the literal text before the next element, the element, the rest.
    static func nextChunk(_ layout: [UInt8]) -> (prefix: [UInt8], element: Element?, suffix: [UInt8]) {
        func has(_ at: Int, _ text: String) -> Bool { layout[at...].starts(with: text.utf8) }
        func chunk(_ at: Int, _ length: Int, _ element: Element) -> ([UInt8], Element?, [UInt8]) {
            (Array(layout[..<at]), element, Array(layout[(at + length)...]))
        }
        for index in layout.indices {
            switch layout[index] {
            case UInt8(ascii: "J") where has(index, "Jan"):
                return has(index, "January") ? chunk(index, 7, .longMonth) : chunk(index, 3, .month)
            case UInt8(ascii: "M") where has(index, "Mon"):
                return has(index, "Monday") ? chunk(index, 6, .longWeekDay) : chunk(index, 3, .weekDay)
            case UInt8(ascii: "M") where has(index, "MST"): return chunk(index, 3, .zoneName)
            case UInt8(ascii: "0") where index + 1 < layout.count && (UInt8(ascii: "1")...UInt8(ascii: "6")).contains(layout[index + 1]):
                let elements: [Element] = [.zeroMonth, .zeroDay, .zeroHour12, .zeroMinute, .zeroSecond, .year]
                return chunk(index, 2, elements[Int(layout[index + 1] - UInt8(ascii: "1"))])
            case UInt8(ascii: "1"): return has(index, "15") ? chunk(index, 2, .hour) : chunk(index, 1, .numMonth)
            case UInt8(ascii: "2"): return has(index, "2006") ? chunk(index, 4, .longYear) : chunk(index, 1, .day)
            case UInt8(ascii: "_") where has(index, "_2"):
                if has(index, "_2006") { return (Array(layout[...index]), .longYear, Array(layout[(index + 5)...])) }
                return chunk(index, 2, .underDay)
            case UInt8(ascii: "3"): return chunk(index, 1, .hour12)
            case UInt8(ascii: "4"): return chunk(index, 1, .minute)
            case UInt8(ascii: "5"): return chunk(index, 1, .second)
            case UInt8(ascii: "P") where has(index, "PM"): return chunk(index, 2, .pm)
            case UInt8(ascii: "p") where has(index, "pm"): return chunk(index, 2, .lowerPM)
            case UInt8(ascii: "-"), UInt8(ascii: "Z"):
                if let (text, element) = zones.first(where: { has(index, $0.0) }) { return chunk(index, text.utf8.count, element) }
            case UInt8(ascii: "."), UInt8(ascii: ","):
                if index + 1 < layout.count, layout[index + 1] == UInt8(ascii: "0") || layout[index + 1] == UInt8(ascii: "9") {
                    let digit = layout[index + 1]
                    var end = index + 1
                    while end < layout.count && layout[end] == digit { end += 1 }
                    if !(end < layout.count && isDigit(layout[end])) {
                        return chunk(index, end - index, .fraction(digits: end - index - 1, optional: digit == UInt8(ascii: "9")))
                    }
                }
            default: break
            }
        }
        return (layout, nil, [])
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }
}

extension GoTimeParse {
    /// Parses `text` with `layout`; values without a zone are local time.
    static func parse(layout layoutText: String, _ text: String) throws -> GoTime {
        let bad = Failure(message: "parsing time \(GoQuote.quote(text)) as \(GoQuote.quote(layoutText)): cannot parse")
        var layout = Array(layoutText.utf8)
        var value = Array(text.utf8)[...]
        var (year, month, day, hour, minute, second, nanos) = (0, -1, -1, 0, 0, 0, 0)
        var (am, pm, utc, zoneOffset, zoneName) = (false, false, false, -1, "")
        func number(_ fixed: Bool) throws -> Int {
            guard let first = value.first, isDigit(first) else { throw bad }
            value = value.dropFirst()
            guard let second = value.first, isDigit(second) else {
                if fixed { throw bad }
                return Int(first - 48)
            }
            value = value.dropFirst()
            return Int(first - 48) * 10 + Int(second - 48)
        }
        func lookup(_ table: [String]) throws -> Int {
            for (index, name) in table.enumerated() where value.count >= name.utf8.count {
                if zip(value, name.utf8).allSatisfy({ $0 | 0x20 == $1 | 0x20 }) {
                    value = value.dropFirst(name.utf8.count)
                    return index
                }
            }
            throw bad
        }
        func fraction(_ length: Int) throws -> Int {
            guard let first = value.first, first == UInt8(ascii: ".") || first == UInt8(ascii: ",") else { throw bad }
            let digits = value.dropFirst().prefix(min(length, 10) - 1)
            guard digits.allSatisfy(isDigit), let parsed = Int(GoText.string(digits)) else { throw bad }
            value = value.dropFirst(length)
            return parsed * Int(pow(10, Double(10 - min(length, 10))))
        }
        while true {
            let (prefix, element, suffix) = nextChunk(layout)
            try skip(prefix, &value, bad)
            guard let element else {
                if !value.isEmpty { throw Failure(message: bad.message + ": extra text: " + GoQuote.quote(GoText.string(value))) }
                break
            }
            layout = suffix
            switch element {
            case .year:
                guard value.count >= 2, let parsed = Int(GoText.string(value.prefix(2))) else { throw bad }
                value = value.dropFirst(2)
                year = parsed >= 69 ? parsed + 1900 : parsed + 2000
            case .longYear:
                guard value.count >= 4, let first = value.first, isDigit(first), let parsed = Int(GoText.string(value.prefix(4))) else { throw bad }
                value = value.dropFirst(4)
                year = parsed
            case .month: month = try lookup(shortMonths) + 1
            case .longMonth: month = try lookup(longMonths) + 1
            case .numMonth, .zeroMonth:
                month = try number(element == .zeroMonth)
                if month <= 0 || month > 12 { throw Failure(message: bad.message + ": month out of range") }
            case .weekDay: _ = try lookup(shortDays)
            case .longWeekDay: _ = try lookup(longDays)
            case .day, .underDay, .zeroDay:
                if element == .underDay && value.first == UInt8(ascii: " ") { value = value.dropFirst() }
                day = try number(element == .zeroDay)
            case .hour:
                hour = try number(false)
                if hour >= 24 { throw Failure(message: bad.message + ": hour out of range") }
            case .hour12, .zeroHour12:
                hour = try number(element == .zeroHour12)
                if hour > 12 { throw Failure(message: bad.message + ": hour out of range") }
            case .minute, .zeroMinute:
                minute = try number(element == .zeroMinute)
                if minute >= 60 { throw Failure(message: bad.message + ": minute out of range") }
            case .second, .zeroSecond:
                second = try number(element == .zeroSecond)
                if second >= 60 { throw Failure(message: bad.message + ": second out of range") }
                // A fraction after the seconds is read even when the layout has none.
                if value.count >= 2, [UInt8(ascii: "."), UInt8(ascii: ",")].contains(value[value.startIndex]),
                   isDigit(value[value.startIndex + 1]) {
                    if case .fraction? = nextChunk(layout).element { break }
                    nanos = try fraction(1 + value.dropFirst().prefix(while: isDigit).count)
                }
            case .pm, .lowerPM:
                let marker = GoText.string(value.prefix(2))
                guard value.count >= 2 else { throw bad }
                value = value.dropFirst(2)
                let (pmText, amText) = element == .pm ? ("PM", "AM") : ("pm", "am")
                if marker == pmText { pm = true } else if marker == amText { am = true } else { throw bad }
            case .numericZone(let iso, let colon, let short, let seconds):
                if iso && value.first == UInt8(ascii: "Z") {
                    value = value.dropFirst()
                    utc = true
                    break
                }
                let length = short ? 3 : 5 + (colon ? 1 : 0) + (seconds ? (colon ? 3 : 2) : 0)
                guard value.count >= length else { throw bad }
                let field = Array(value.prefix(length))
                value = value.dropFirst(length)
                if colon && (field[3] != UInt8(ascii: ":") || seconds && field[6] != UInt8(ascii: ":")) { throw bad }
                let digits = field.dropFirst().filter { $0 != UInt8(ascii: ":") }
                guard digits.allSatisfy(isDigit) else { throw bad }
                let parts = stride(from: 0, to: digits.count, by: 2).map { Int(digits[digits.startIndex + $0] - 48) * 10 + Int(digits[digits.startIndex + $0 + 1] - 48) }
                let offset = (parts[0] * 60 + (parts.count > 1 ? parts[1] : 0)) * 60 + (parts.count > 2 ? parts[2] : 0)
                switch field[0] {
                case UInt8(ascii: "+"): zoneOffset = offset
                case UInt8(ascii: "-"): zoneOffset = -offset
                default: throw bad
                }
            case .zoneName:
                if value.starts(with: "UTC".utf8) {
                    value = value.dropFirst(3)
                    utc = true
                    break
                }
                let upper = value.prefix { $0 >= 65 && $0 <= 90 }.count
                guard upper == 3 || upper == 4 && (value[value.startIndex + 3] == UInt8(ascii: "T") || value.starts(with: "WIT".utf8))
                    || upper == 5 && value[value.startIndex + 4] == UInt8(ascii: "T") else { throw bad }
                zoneName = GoText.string(value.prefix(upper))
                value = value.dropFirst(upper)
            case .fraction(let digits, let optional):
                if optional {
                    guard value.count >= 2, [UInt8(ascii: "."), UInt8(ascii: ",")].contains(value[value.startIndex]),
                          isDigit(value[value.startIndex + 1]) else { break }
                    nanos = try fraction(1 + value.dropFirst().prefix(while: isDigit).count)
                } else {
                    guard value.count >= digits + 1 else { throw bad }
                    nanos = try fraction(digits + 1)
                }
            }
        }
        if pm && hour < 12 { hour += 12 } else if am && hour == 12 { hour = 0 }
        if month < 0 { month = 1 }
        if day < 0 { day = 1 }
        if day < 1 || day > GoTime.daysIn(month: month, year: year) { throw Failure(message: bad.message + ": day out of range") }
        let wall = GoTime.days(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second
        if utc { return GoTime(seconds: wall, nanoseconds: nanos, offset: 0, zone: "UTC") }
        if zoneOffset != -1 {
            let instant = wall - zoneOffset
            let (localOffset, localName) = GoTime.localZone(at: instant)
            if localOffset == zoneOffset && (zoneName.isEmpty || zoneName == localName) { return .local(seconds: instant, nanoseconds: nanos) }
            return GoTime(seconds: instant, nanoseconds: nanos, offset: zoneOffset, zone: zoneName)
        }
        if !zoneName.isEmpty {
            let (localOffset, localName) = GoTime.localZone(at: wall - GoTime.localZone(at: wall).0)
            if localName == zoneName { return .local(seconds: wall - localOffset, nanoseconds: nanos) }
            return GoTime(seconds: wall, nanoseconds: nanos, offset: 0, zone: zoneName)
        }
        let guess = GoTime.localZone(at: wall).0
        return .local(seconds: wall - GoTime.localZone(at: wall - guess).0, nanoseconds: nanos)
    }

    /// Go's `skip`: literal layout text must match; a space matches any run of spaces.
    private static func skip(_ prefix: [UInt8], _ value: inout ArraySlice<UInt8>, _ bad: Failure) throws {
        var prefix = prefix[...]
        let space = UInt8(ascii: " ")
        while let first = prefix.first {
            if first == space {
                if let next = value.first, next != space { throw bad }
                prefix = prefix.drop { $0 == space }
                value = value.drop { $0 == space }
                continue
            }
            guard value.first == first else { throw bad }
            prefix = prefix.dropFirst()
            value = value.dropFirst()
        }
    }
}
