/// sprig's path functions: Go's `path` (slash-separated) and `path/filepath`, which on Linux,
/// where ace-dt runs, behaves the same, so the `os…` names share the implementations.
extension Functions {
    static let sprigPaths: FunctionTable = {
        let functions: [(String, GoFunction)] = [
            ("base", GoFunction([.string]) { .string(GoPath.base(str($0[0]))) }),
            ("dir", GoFunction([.string]) { .string(GoPath.dir(str($0[0]))) }),
            ("clean", GoFunction([.string]) { .string(GoPath.clean(str($0[0]))) }),
            ("ext", GoFunction([.string]) { .string(GoPath.ext(str($0[0]))) }),
            ("isAbs", GoFunction([.string]) { .bool(str($0[0]).hasPrefix("/")) }),
        ]
        var table: FunctionTable = [:]
        for (name, function) in functions {
            table[name] = function
            table["os" + name.prefix(1).uppercased() + name.dropFirst()] = function
        }
        return table
    }()
}

/// Go's `path` package on bytes: `Clean` applies the lexical rules (`//`, `.`, `..`).
enum GoPath {
    static func clean(_ path: String) -> String {
        let bytes = Array(path.utf8)
        if bytes.isEmpty { return "." }
        let slash = UInt8(ascii: "/"), dot = UInt8(ascii: ".")
        let rooted = bytes[0] == slash
        var out: [UInt8] = rooted ? [slash] : []
        var read = rooted ? 1 : 0
        var dotdot = out.count
        func endsAt(_ index: Int) -> Bool { index == bytes.count || bytes[index] == slash }
        while read < bytes.count {
            if bytes[read] == slash {
                read += 1
            } else if bytes[read] == dot && endsAt(read + 1) {
                read += 1
            } else if bytes[read] == dot && bytes[read + 1] == dot && endsAt(read + 2) {
                read += 2
                if out.count > dotdot {
                    var keep = out.count - 1
                    while keep > dotdot && out[keep] != slash { keep -= 1 }
                    out.removeSubrange(keep...)
                } else if !rooted {
                    if !out.isEmpty { out.append(slash) }
                    out += [dot, dot]
                    dotdot = out.count
                }
            } else {
                if rooted && out.count != 1 || !rooted && !out.isEmpty { out.append(slash) }
                while read < bytes.count && bytes[read] != slash {
                    out.append(bytes[read])
                    read += 1
                }
            }
        }
        return out.isEmpty ? "." : GoText.string(out)
    }

    static func base(_ path: String) -> String {
        if path.isEmpty { return "." }
        var bytes = Array(path.utf8)
        while bytes.last == UInt8(ascii: "/") { bytes.removeLast() }
        if bytes.isEmpty { return "/" }
        if let slash = bytes.lastIndex(of: UInt8(ascii: "/")) { bytes.removeFirst(slash + 1) }
        return GoText.string(bytes)
    }

    static func dir(_ path: String) -> String {
        let bytes = Array(path.utf8)
        let end = bytes.lastIndex(of: UInt8(ascii: "/")).map { $0 + 1 } ?? 0
        return clean(GoText.string(bytes[..<end]))
    }

    static func ext(_ path: String) -> String {
        let bytes = Array(path.utf8)
        for index in bytes.indices.reversed() {
            if bytes[index] == UInt8(ascii: "/") { break }
            if bytes[index] == UInt8(ascii: ".") { return GoText.string(bytes[index...]) }
        }
        return ""
    }
}
