import Foundation

/// Masterminds/semver v3's `Constraints`: parsed with its own regular expressions (RE2 and ICU
/// agree on them), checked with its rules; a prerelease version only satisfies a constraint
/// that names a prerelease.
struct SemverConstraints {
    struct Constraint {
        var version: SemanticVersion
        var original: String
        var operation: String
        var minorDirty = false, patchDirty = false, dirty = false
    }

    static let cv = #"v?([0-9|x|X|\*]+)(\.[0-9|x|X|\*]+)?(\.[0-9|x|X|\*]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?"#
    static let ops = #"=||!=|>|<|>=|=>|<=|=<|~|~>|\^"#
    static let single = try? NSRegularExpression(pattern: #"^\s*(\#(ops))\s*(\#(cv))\s*$"#)
    static let range = try? NSRegularExpression(pattern: #"\s*(\#(cv))\s+-\s+(\#(cv))\s*"#)
    static let find = try? NSRegularExpression(pattern: #"(\#(ops))\s*(\#(cv))"#)
    static let valid = try? NSRegularExpression(pattern: #"^(\s*(\#(ops))\s*(\#(cv))\s*)((?:\s+|,\s*)(\#(ops))\s*(\#(cv))\s*)*$"#)

    var alternatives: [[Constraint]] = []

    init(parsing text: String) throws {
        for alternative in GoText.split(Self.rewriteRanges(text), by: "||") {
            guard GoRegex.groups(Self.valid, alternative) != nil, let find = Self.find else {
                throw FunctionFailure("improper constraint: \(alternative)")
            }
            var parts = find.matches(in: alternative, range: NSRange(alternative.startIndex..., in: alternative))
                .compactMap { Range($0.range, in: alternative).map { String(alternative[$0]) } }
            if parts.isEmpty { parts = [alternative] }
            alternatives.append(try parts.map(Self.parse))
        }
    }

    /// `A - B` becomes `>= A, <= B`.
    static func rewriteRanges(_ text: String) -> String {
        guard let range else { return text }
        var out = text
        for match in range.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            let groups = GoRegex.submatches(match, text)
            if let found = out.range(of: groups[0]) { out.replaceSubrange(found, with: ">= \(groups[1]), <= \(groups[11])") }
        }
        return out
    }

    static func parse(_ text: String) throws -> Constraint {
        if text.isEmpty {
            return Constraint(version: SemanticVersion(0, 0, 0, pre: ""), original: text, operation: "", dirty: true)
        }
        guard let groups = GoRegex.groups(single, text) else { throw FunctionFailure("improper constraint: \(text)") }
        var constraint = Constraint(version: SemanticVersion(0, 0, 0, pre: ""), original: groups[2], operation: groups[1])
        let isX = { (part: String) in ["x", "*", "X"].contains(part.hasPrefix(".") ? String(part.dropFirst()) : part) }
        var version = groups[2]
        if isX(groups[3]) || groups[3].isEmpty {
            version = "0.0.0" + groups[6]
            constraint.dirty = true
        } else if isX(groups[4]) || groups[4].isEmpty {
            version = groups[3] + ".0.0" + groups[6]
            (constraint.dirty, constraint.minorDirty) = (true, true)
        } else if isX(groups[5]) || groups[5].isEmpty {
            version = groups[3] + groups[4] + ".0" + groups[6]
            (constraint.dirty, constraint.patchDirty) = (true, true)
        }
        guard let parsed = try? SemanticVersion(parsing: version) else { throw FunctionFailure("constraint Parser Error") }
        constraint.version = parsed
        return constraint
    }

    func check(_ version: SemanticVersion) -> Bool {
        alternatives.contains { $0.allSatisfy { $0.check(version) } }
    }
}

extension SemverConstraints.Constraint {
    func check(_ v: SemanticVersion) -> Bool {
        let c = version
        if operation == "!=" { return notEqual(v) }
        if !v.pre.isEmpty && c.pre.isEmpty { return false }
        switch operation {
        case "", "=": return dirty ? tilde(v) : v.compare(c) == 0
        case ">":
            if !dirty { return v.compare(c) == 1 }
            if v.major != c.major { return v.major > c.major }
            if minorDirty { return false }
            if patchDirty { return v.minor > c.minor }
            return v.compare(c) == 1
        case "<": return v.compare(c) < 0
        case ">=", "=>": return v.compare(c) >= 0
        case "<=", "=<":
            if !dirty { return v.compare(c) <= 0 }
            if v.major > c.major { return false }
            return !(v.major == c.major && v.minor > c.minor && !minorDirty)
        case "~", "~>": return tilde(v)
        case "^": return caret(v)
        default: return false
        }
    }

    private func notEqual(_ v: SemanticVersion) -> Bool {
        let c = version
        if dirty {
            if !v.pre.isEmpty && c.pre.isEmpty { return false }
            if c.major != v.major { return true }
            if c.minor != v.minor && !minorDirty { return true }
            if minorDirty { return false }
            if c.patch != v.patch && !patchDirty { return true }
            if patchDirty {
                if !v.pre.isEmpty || !c.pre.isEmpty { return SemanticVersion.comparePrerelease(v.pre, c.pre) != 0 }
                return false
            }
        }
        return v.compare(c) != 0
    }

    private func tilde(_ v: SemanticVersion) -> Bool {
        let c = version
        if !v.pre.isEmpty && c.pre.isEmpty { return false }
        if v.compare(c) < 0 { return false }
        if c.major == 0 && c.minor == 0 && c.patch == 0 && !minorDirty && !patchDirty { return true }
        if v.major != c.major { return false }
        return v.minor == c.minor || minorDirty
    }

    private func caret(_ v: SemanticVersion) -> Bool {
        let c = version
        if v.compare(c) < 0 { return false }
        if c.major > 0 || minorDirty { return v.major == c.major }
        if v.major > 0 { return false }
        if c.minor > 0 || patchDirty { return v.minor == c.minor }
        if v.minor > 0 { return false }
        return c.patch == v.patch
    }
}
