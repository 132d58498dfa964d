import Foundation

/// Go's `time.Time` as templates see it: an instant (Unix seconds and nanoseconds) and the zone
/// it is shown in. Held in a `time.Time` struct value; printed as Go's `Time.String` does.
struct GoTime: Equatable {
    static let typeName = "time.Time"
    /// Go's zero `Time{}`: January 1, year 1, 00:00:00 UTC.
    static let zero = GoTime(seconds: -62_135_596_800, nanoseconds: 0, offset: 0, zone: "UTC")

    var seconds: Int
    var nanoseconds: Int
    var offset: Int
    var zone: String

    var value: Value {
        let fields: [TemplateValue.Field] = [
            .init(name: "sec", value: .int(seconds)), .init(name: "nsec", value: .int(nanoseconds)),
            .init(name: "offset", value: .int(offset)), .init(name: "zone", value: .string(zone)),
        ]
        return Value(.structure(typeName: Self.typeName, fields: fields), .structure(Self.typeName))
    }

    init(seconds: Int, nanoseconds: Int, offset: Int, zone: String) {
        (self.seconds, self.nanoseconds, self.offset, self.zone) = (seconds, nanoseconds, offset, zone)
    }

    init?(_ value: Value) {
        guard case .structure(Self.typeName, let fields) = value.data, fields.count == 4,
              case .int(let seconds) = fields[0].value, case .int(let nanoseconds) = fields[1].value,
              case .int(let offset) = fields[2].value, case .string(let zone) = fields[3].value else { return nil }
        self.init(seconds: seconds, nanoseconds: nanoseconds, offset: offset, zone: zone)
    }

    /// The same instant shown in the local zone (Go's `Local`, which reads `TZ` as the C library does).
    static func local(seconds: Int, nanoseconds: Int) -> GoTime {
        let (offset, zone) = localZone(at: seconds)
        return GoTime(seconds: seconds, nanoseconds: nanoseconds, offset: offset, zone: zone)
    }

    static func localZone(at seconds: Int) -> (Int, String) {
        var time = time_t(seconds)
        var parts = tm()
        guard localtime_r(&time, &parts) != nil else { return (0, "UTC") }
        return (Int(parts.tm_gmtoff), parts.tm_zone.map { String(cString: $0) } ?? "UTC")
    }

    /// `Time.Add`.
    func adding(nanoseconds delta: Int) -> GoTime {
        let total = nanoseconds + delta % 1_000_000_000
        var result = self
        result.seconds = seconds &+ delta / 1_000_000_000 + (total < 0 ? -1 : total >= 1_000_000_000 ? 1 : 0)
        result.nanoseconds = (total % 1_000_000_000 + 1_000_000_000) % 1_000_000_000
        return result
    }

    /// `Time.String`: `2006-01-02 15:04:05.999999999 -0700 MST`.
    var string: String {
        let (_, date, time) = wallClock
        let minutes = abs(offset) / 60
        let numeric = (offset < 0 ? "-" : "+") + Self.two(minutes / 60) + Self.two(minutes % 60)
        return date + " " + time + " " + numeric + " " + (zone.isEmpty ? numeric : zone)
    }

    /// `Time.MarshalJSON`'s text, RFC 3339 with nanoseconds (`2006-01-02T15:04:05.999999999Z07:00`);
    /// nil outside the years 0 to 9999, which Go refuses to marshal.
    var rfc3339Nano: String? {
        let (year, date, time) = wallClock
        guard (0...9999).contains(year) else { return nil }
        let minutes = abs(offset) / 60
        return date + "T" + time + (offset == 0 ? "Z" : (offset < 0 ? "-" : "+") + Self.two(minutes / 60) + ":" + Self.two(minutes % 60))
    }

    /// The local year, `2006-01-02` and `15:04:05.999999999` (fraction without trailing zeros).
    private var wallClock: (year: Int, date: String, time: String) {
        let (year, month, day) = Self.civil(days: Int((Double(seconds + offset) / 86_400).rounded(.down)))
        let secondOfDay = ((seconds + offset) % 86_400 + 86_400) % 86_400
        let date = (year < 1000 ? String(repeating: "0", count: 4 - String(year).count) : "") + "\(year)-\(Self.two(month))-\(Self.two(day))"
        var time = "\(Self.two(secondOfDay / 3600)):\(Self.two(secondOfDay / 60 % 60)):\(Self.two(secondOfDay % 60))"
        if nanoseconds != 0 {
            var digits = String(nanoseconds)
            digits = String(repeating: "0", count: 9 - digits.count) + digits
            while digits.hasSuffix("0") { digits.removeLast() }
            time += "." + digits
        }
        return (year, date, time)
    }

    private static func two(_ number: Int) -> String { number < 10 ? "0\(number)" : "\(number)" }

    /// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civil(days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        if month == 2 { return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28 }
        return [4, 6, 9, 11].contains(month) ? 30 : 31
    }
}
