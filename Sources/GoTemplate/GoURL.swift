/// Go's `net/url`: `Parse` and `URL.String`, for sprig's `urlParse` and `urlJoin`. Bytes, not
/// characters, as Go's; errors carry Go's wording (`parse "URL": …`).
struct GoURL {
    var scheme = "", opaque = "", user: (name: String, password: String?)?, host = "", path = ""
    var rawQuery = "", fragment = "", forceQuery = false

    enum Mode { case path, host, userPassword, queryComponent, fragment }

    struct ParseError: Error { var message: String }

    init() {}

    init(parsing raw: String) throws {
        let (main, fragment) = Self.cut(raw, "#")
        do {
            try parse(main)
            if let fragment { self.fragment = try Self.unescape(fragment, .fragment) }
        } catch let error as ParseError {
            throw ParseError(message: "parse \(GoQuote.quote(raw)): \(error.message)")
        }
    }

    private mutating func parse(_ raw: String) throws {
        if raw.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) { throw ParseError(message: "net/url: invalid control character in URL") }
        if raw.isEmpty { return }
        if raw == "*" { path = "*"; return }
        var rest = raw
        for (index, byte) in raw.utf8.enumerated() {
            if (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") { continue }
            if (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || [UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: ".")].contains(byte) {
                if index == 0 { break }
                continue
            }
            if byte == UInt8(ascii: ":") {
                if index == 0 { throw ParseError(message: "missing protocol scheme") }
                scheme = String(decoding: raw.utf8.prefix(index), as: UTF8.self).lowercased()
                rest = String(decoding: raw.utf8.dropFirst(index + 1), as: UTF8.self)
            }
            break
        }
        if rest.hasSuffix("?") && rest.utf8.filter({ $0 == UInt8(ascii: "?") }).count == 1 {
            forceQuery = true
            rest.removeLast()
        } else {
            let (before, query) = Self.cut(rest, "?")
            (rest, rawQuery) = (before, query ?? "")
        }
        if !rest.hasPrefix("/") {
            if !scheme.isEmpty {
                opaque = rest
                return
            }
            if Self.cut(rest, "/").0.contains(":") { throw ParseError(message: "first path segment in URL cannot contain colon") }
        }
        if (!scheme.isEmpty || !rest.hasPrefix("///")) && rest.hasPrefix("//") {
            let afterSlashes = String(rest.dropFirst(2))
            let slash = afterSlashes.firstIndex(of: "/") ?? afterSlashes.endIndex
            try parseAuthority(String(afterSlashes[..<slash]))
            rest = String(afterSlashes[slash...])
        }
        path = try Self.unescape(rest, .path)
    }

    private mutating func parseAuthority(_ authority: String) throws {
        guard let at = authority.lastIndex(of: "@") else {
            host = try Self.parseHost(authority)
            return
        }
        host = try Self.parseHost(String(authority[authority.index(after: at)...]))
        let info = String(authority[..<at])
        let allowed = Set("-._:~!$&'()*+,;=%@".utf8)
        if info.utf8.contains(where: { !(($0 | 0x20) >= 97 && ($0 | 0x20) <= 122 || $0 >= 48 && $0 <= 57 || allowed.contains($0)) }) {
            throw ParseError(message: "net/url: invalid userinfo")
        }
        let (name, password) = Self.cut(info, ":")
        user = (try Self.unescape(name, .userPassword), try password.map { try Self.unescape($0, .userPassword) })
    }

    private static func parseHost(_ host: String) throws -> String {
        if host.hasPrefix("["), let close = host.lastIndex(of: "]") {
            let port = String(host[host.index(after: close)...])
            if !validPort(port) { throw ParseError(message: "invalid port \(GoQuote.quote(port)) after host") }
        } else if host.hasPrefix("[") {
            throw ParseError(message: "missing ']' in host")
        } else if let colon = host.lastIndex(of: ":") {
            let port = String(host[colon...])
            if !validPort(port) { throw ParseError(message: "invalid port \(GoQuote.quote(port)) after host") }
        }
        return try unescape(host, .host)
    }

    private static func validPort(_ port: String) -> Bool {
        port.isEmpty || port.hasPrefix(":") && port.utf8.dropFirst().allSatisfy { $0 >= 48 && $0 <= 57 }
    }

    /// `Hostname`: the host without its port or IPv6 brackets.
    var hostname: String {
        var name = host
        if let colon = name.lastIndex(of: ":"), Self.validPort(String(name[colon...])) { name = String(name[..<colon]) }
        if name.hasPrefix("[") && name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
        return name
    }

    var userString: String {
        guard let user else { return "" }
        return Self.escape(user.name, .userPassword) + (user.password.map { ":" + Self.escape($0, .userPassword) } ?? "")
    }

    /// `URL.String`.
    var string: String {
        var out = scheme.isEmpty ? "" : scheme + ":"
        if !opaque.isEmpty {
            out += opaque
        } else {
            if !scheme.isEmpty || !host.isEmpty || user != nil {
                if !host.isEmpty || !path.isEmpty || user != nil { out += "//" }
                if user != nil { out += userString + "@" }
                out += Self.escape(host, .host)
            }
            let escapedPath = Self.escape(path, .path)
            if !escapedPath.isEmpty && !escapedPath.hasPrefix("/") && !host.isEmpty { out += "/" }
            if out.isEmpty && Self.cut(escapedPath, "/").0.contains(":") { out += "./" }
            out += escapedPath
        }
        if forceQuery || !rawQuery.isEmpty { out += "?" + rawQuery }
        if !fragment.isEmpty { out += "#" + Self.escape(fragment, .fragment) }
        return out
    }

    static func cut(_ text: String, _ separator: Character) -> (String, String?) {
        guard let index = text.firstIndex(of: separator) else { return (text, nil) }
        return (String(text[..<index]), String(text[text.index(after: index)...]))
    }

    static func shouldEscape(_ byte: UInt8, _ mode: Mode) -> Bool {
        if (byte | 0x20) >= 97 && (byte | 0x20) <= 122 || byte >= 48 && byte <= 57 { return false }
        if mode == .host && Array("!$&'()*+,;=:[]<>\"".utf8).contains(byte) { return false }
        switch byte {
        case UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"): return false
        case UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: "/"),
             UInt8(ascii: ":"), UInt8(ascii: ";"), UInt8(ascii: "="), UInt8(ascii: "?"), UInt8(ascii: "@"):
            switch mode {
            case .path: return byte == UInt8(ascii: "?")
            case .userPassword: return [UInt8(ascii: "@"), UInt8(ascii: "/"), UInt8(ascii: "?"), UInt8(ascii: ":")].contains(byte)
            case .queryComponent: return true
            case .fragment: return false
            case .host: return true
            }
        default: break
        }
        if mode == .fragment && Array("!()*".utf8).contains(byte) { return false }
        return true
    }

    static func escape(_ text: String, _ mode: Mode) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for byte in text.utf8 {
            if !shouldEscape(byte, mode) {
                out.append(byte)
            } else if byte == UInt8(ascii: " ") && mode == .queryComponent {
                out.append(UInt8(ascii: "+"))
            } else {
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 15)]]
            }
        }
        return GoText.string(out)
    }

    static func unescape(_ text: String, _ mode: Mode) throws -> String {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        var index = 0
        func hexValue(_ byte: UInt8) -> UInt8? {
            switch byte {
            case 48...57: return byte - 48
            case 65...70: return byte - 55
            case 97...102: return byte - 87
            default: return nil
            }
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.count, let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) else {
                    throw ParseError(message: "invalid URL escape \(GoQuote.quote(GoText.string(bytes[index..<min(index + 3, bytes.count)])))")
                }
                if mode == .host && high < 8 && !(high == 2 && low == 5) {
                    throw ParseError(message: "invalid URL escape \(GoQuote.quote(GoText.string(bytes[index..<(index + 3)])))")
                }
                out.append(high << 4 | low)
                index += 3
                continue
            }
            if mode == .host && byte < 0x80 && shouldEscape(byte, .host) {
                throw ParseError(message: "invalid character \(GoQuote.quote(GoText.string([byte]))) in host name")
            }
            out.append(mode == .queryComponent && byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
            index += 1
        }
        return GoText.string(out)
    }
}

/// sprig's `urlParse` and `urlJoin`.
extension Functions {
    static let sprigURL: FunctionTable = [
        "urlParse": GoFunction([.string]) { args in
            let url: GoURL
            do {
                url = try GoURL(parsing: str(args[0]))
            } catch let error as GoURL.ParseError {
                throw FunctionFailure("unable to parse url: \(error.message)")
            }
            let entries: [String: TemplateValue] = [
                "scheme": .string(url.scheme), "host": .string(url.host), "hostname": .string(url.hostname),
                "path": .string(url.path), "query": .string(url.rawQuery), "opaque": .string(url.opaque),
                "fragment": .string(url.fragment), "userinfo": .string(url.userString),
            ]
            return Value(.map(GoMap(entries)), .map(.any))
        },
        "urlJoin": GoFunction([.map(.any)]) { args in
            guard case .map(let entries) = args[0].data else { return .string("") }
            func part(_ key: String) throws -> String {
                guard let value = entries[key] else { return "" }
                guard case .string(let text) = value else {
                    if value == .none { throw FunctionFailure("runtime error: invalid memory address or nil pointer dereference") }
                    throw FunctionFailure("unable to parse \(key) key, must be of type string, but \(kindName(Value(dynamic: value))) found")
                }
                return text
            }
            var url = GoURL()
            (url.scheme, url.host, url.path) = (try part("scheme"), try part("host"), try part("path"))
            (url.rawQuery, url.opaque, url.fragment) = (try part("query"), try part("opaque"), try part("fragment"))
            let userinfo = try part("userinfo")
            if !userinfo.isEmpty {
                do {
                    url.user = try GoURL(parsing: "proto://\(userinfo)@host").user
                } catch let error as GoURL.ParseError {
                    throw FunctionFailure("unable to parse userinfo in dict: \(error.message)")
                }
            }
            return .string(url.string)
        },
    ]
}
