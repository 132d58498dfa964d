import Foundation

/// sprig's `semver` and `semverCompare` (Masterminds/semver v3: `NewVersion` coerces `1` and
/// `1.2`, a leading `v` is allowed; constraints take `=`, `!=`, `>`, `<`, `>=`, `<=`, `~`, `^`,
/// `x`/`*` wildcards, `A - B` ranges, `,` or space for and, `||` for or).
extension Functions {
    static let sprigSemver: FunctionTable = [
        "semver": GoFunction([.string]) { try SemanticVersion(parsing: str($0[0])).value },
        "semverCompare": GoFunction([.string, .string]) { args in
            let constraints = try SemverConstraints(parsing: str(args[0]))
            return .bool(constraints.check(try SemanticVersion(parsing: str(args[1]))))
        },
    ]
}

/// Masterminds/semver's `Version`, shown to templates as a `*semver.Version` whose `String`,
/// `Major`, `Minor`, `Patch`, `Prerelease`, `Metadata` and `Original` methods work.
struct SemanticVersion {
    static let typeName = "semver.Version"
    static let pattern = #"v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?"#
    static let regex = try? NSRegularExpression(pattern: "^" + pattern + "$")

    var major: UInt64, minor: UInt64, patch: UInt64
    var pre: String, metadata: String, original: String

    init(parsing text: String) throws {
        guard let groups = GoRegex.groups(Self.regex, text) else { throw FunctionFailure("Invalid Semantic Version") }
        func number(_ group: String) throws -> UInt64 {
            let digits = group.hasPrefix(".") ? String(group.dropFirst()) : group
            if digits.isEmpty { return 0 }
            guard let value = UInt64(digits) else {
                throw FunctionFailure("Error parsing version segment: strconv.ParseUint: parsing \(GoQuote.quote(digits)): value out of range")
            }
            return value
        }
        (major, minor, patch) = (try number(groups[1]), try number(groups[2]), try number(groups[3]))
        (pre, metadata, original) = (groups[5], groups[8], text)
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-0123456789")
        for part in pre.split(separator: ".", omittingEmptySubsequences: false) where !pre.isEmpty {
            if part.allSatisfy(\.isASCIIDigit) {
                if part.count > 1 && part.hasPrefix("0") { throw FunctionFailure("Version segment starts with 0") }
            } else if !part.allSatisfy(allowed.contains) {
                throw FunctionFailure("Invalid Prerelease string")
            }
        }
    }

    init(_ major: UInt64, _ minor: UInt64, _ patch: UInt64, pre: String) {
        (self.major, self.minor, self.patch, self.pre, metadata, original) = (major, minor, patch, pre, "", "")
    }

    var string: String {
        "\(major).\(minor).\(patch)" + (pre.isEmpty ? "" : "-" + pre) + (metadata.isEmpty ? "" : "+" + metadata)
    }

    var value: Value {
        let fields: [TemplateValue.Field] = [
            .init(name: "major", value: .int(Int(truncatingIfNeeded: major))), .init(name: "minor", value: .int(Int(truncatingIfNeeded: minor))),
            .init(name: "patch", value: .int(Int(truncatingIfNeeded: patch))), .init(name: "pre", value: .string(pre)),
            .init(name: "metadata", value: .string(metadata)), .init(name: "original", value: .string(original)),
        ]
        return Value(.structure(typeName: Self.typeName, fields: fields), .pointer(Self.typeName))
    }

    /// The method `name` of a `*semver.Version` value, or nil.
    static func method(_ name: String, on receiver: Value) -> Value? {
        guard receiver.type == .pointer(typeName), case .structure(_, let fields) = receiver.data else { return nil }
        let field = { (name: String) in fields.first { $0.name == name }?.value ?? .none }
        switch name {
        case "Major", "Minor", "Patch": return Value(field(name.lowercased()), .int64)
        case "Prerelease": return Value(field("pre"), .string)
        case "Metadata": return Value(field("metadata"), .string)
        case "Original": return Value(field("original"), .string)
        case "String": return .string(display(fields))
        default: return nil
        }
    }

    /// `Version.String()`, which fmt uses to print one.
    static func display(_ fields: [TemplateValue.Field]) -> String {
        func text(_ name: String) -> String {
            switch fields.first(where: { $0.name == name })?.value {
            case .int(let number)?: return String(UInt64(bitPattern: Int64(number)))
            case .string(let text)?: return text
            default: return ""
            }
        }
        let pre = text("pre"), metadata = text("metadata")
        return "\(text("major")).\(text("minor")).\(text("patch"))" + (pre.isEmpty ? "" : "-" + pre)
            + (metadata.isEmpty ? "" : "+" + metadata)
    }

    func compare(_ other: SemanticVersion) -> Int {
        for (lhs, rhs) in [(major, other.major), (minor, other.minor), (patch, other.patch)] where lhs != rhs {
            return lhs < rhs ? -1 : 1
        }
        if pre == other.pre { return 0 }
        if pre.isEmpty { return 1 }
        if other.pre.isEmpty { return -1 }
        return Self.comparePrerelease(pre, other.pre)
    }

    static func comparePrerelease(_ lhs: String, _ rhs: String) -> Int {
        let left = lhs.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        let right = rhs.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        for index in 0..<max(left.count, right.count) {
            let (s, o) = (index < left.count ? left[index] : "", index < right.count ? right[index] : "")
            if s == o { continue }
            if s.isEmpty { return -1 }
            if o.isEmpty { return 1 }
            switch (UInt64(s), UInt64(o)) {
            case (nil, nil): return GoOrder.less(o, s) ? 1 : -1
            case (_?, nil): return -1
            case (nil, _?): return 1
            case (let a?, let b?): return a > b ? 1 : -1
            }
        }
        return 0
    }
}

/// Swift's `NSRegularExpression` with Go's `FindStringSubmatch` shape: unmatched groups are "".
enum GoRegex {
    static func groups(_ regex: NSRegularExpression?, _ text: String) -> [String]? {
        guard let regex, let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) else { return nil }
        return submatches(match, text)
    }

    static func submatches(_ match: NSTextCheckingResult, _ text: String) -> [String] {
        (0..<match.numberOfRanges).map { index in
            Range(match.range(at: index), in: text).map { String(text[$0]) } ?? ""
        }
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
