import Foundation

/// Errors while reading HTTP/1.1 off a socket.
enum HTTPWireError: Error, CustomStringConvertible {
    /// The peer closed before a complete head or body arrived.
    case truncated
    case malformed(String)

    var description: String {
        switch self {
        case .truncated: return "connection closed mid-message"
        case .malformed(let what): return "malformed HTTP: \(what)"
        }
    }
}

/// One header line, in arrival order (HTTP allows repeats, and order is kept for forwarding).
struct HTTPField: Sendable {
    var name: String
    var value: String
}

/// A request or response head: start line plus header fields.
///
/// Only as much HTTP as the token server and fault proxy need: enough to find the body's framing
/// and to rewrite a head, never a general-purpose parser.
struct HTTPHead: Sendable {
    var startLine: String
    var fields: [HTTPField]

    init(startLine: String, fields: [HTTPField] = []) {
        self.startLine = startLine
        self.fields = fields
    }

    /// Parses the bytes up to and including the blank line.
    init(parsing data: Data) throws {
        let text = String(decoding: data, as: UTF8.self)
        var lines = text.components(separatedBy: "\r\n")
        while lines.last == "" { lines.removeLast() }
        guard let first = lines.first, !first.isEmpty else { throw HTTPWireError.malformed("empty head") }
        startLine = first
        fields = try lines.dropFirst().map { line in
            guard let colon = line.firstIndex(of: ":") else { throw HTTPWireError.malformed("header line \(line)") }
            return HTTPField(
                name: String(line[..<colon]),
                value: line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
    }

    /// The first value of `name`, compared case-insensitively.
    func value(_ name: String) -> String? {
        fields.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    mutating func remove(_ name: String) {
        fields.removeAll { $0.name.caseInsensitiveCompare(name) == .orderedSame }
    }

    /// Request method (first word of the start line).
    var method: String { String(startLine.split(separator: " ").first ?? "") }

    /// Request target, e.g. `/v2/repo/blobs/sha256:...?x=y`.
    var target: String {
        let parts = startLine.split(separator: " ")
        return parts.count > 1 ? String(parts[1]) : ""
    }

    /// Response status code, or 0 if the start line has none.
    var status: Int {
        let parts = startLine.split(separator: " ")
        return parts.count > 1 ? Int(parts[1]) ?? 0 : 0
    }

    /// True if either side asked to close the connection after this message.
    var wantsClose: Bool {
        value("Connection")?.lowercased().contains("close") == true
    }

    var serialized: Data {
        var text = startLine + "\r\n"
        for field in fields { text += "\(field.name): \(field.value)\r\n" }
        text += "\r\n"
        return Data(text.utf8)
    }

    /// A complete response with a `Content-Length` body.
    static func response(status: Int, fields: [HTTPField], body: Data) -> Data {
        var head = HTTPHead(startLine: "HTTP/1.1 \(status) \(reasonPhrase(status))", fields: fields)
        head.remove("Content-Length")
        head.fields.append(HTTPField(name: "Content-Length", value: String(body.count)))
        return head.serialized + body
    }

    static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 201: return "Created"
        case 202: return "Accepted"
        case 204: return "No Content"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 429: return "Too Many Requests"
        case 500: return "Internal Server Error"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        case 504: return "Gateway Timeout"
        default: return "Status \(status)"
        }
    }
}

/// How the end of a message body is found (RFC 9112 section 6.3).
enum BodyFraming: Equatable {
    case none
    case length(Int)
    case chunked
    /// Response without length: the body runs until the server closes.
    case untilClose

    static func request(_ head: HTTPHead) -> BodyFraming {
        if head.value("Transfer-Encoding")?.lowercased().contains("chunked") == true { return .chunked }
        if let length = head.value("Content-Length").flatMap(Int.init), length > 0 { return .length(length) }
        return .none
    }

    static func response(_ head: HTTPHead, requestMethod: String) -> BodyFraming {
        let status = head.status
        if requestMethod == "HEAD" || (100..<200).contains(status) || status == 204 || status == 304 { return .none }
        if head.value("Transfer-Encoding")?.lowercased().contains("chunked") == true { return .chunked }
        if let length = head.value("Content-Length").flatMap(Int.init) { return length > 0 ? .length(length) : .none }
        return .untilClose
    }
}

extension SocketConnection {
    /// The next message head, or nil if the peer closed cleanly between messages.
    ///
    /// A TLS ClientHello (first byte 0x16) gets the answer Go's HTTP server gives on a plain
    /// port, and then nil: clients told to skip TLS verification (skopeo, containers/image) try
    /// HTTPS first and fall back to HTTP only once the server refuses, and a server that silently
    /// waits for a request line costs them a 10 s handshake timeout.
    func readHead() throws -> HTTPHead? {
        if try peekByte() == 0x16 {
            try? write(Data("HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n".utf8))
            return nil
        }
        guard let bytes = try readThrough(Data("\r\n\r\n".utf8)) else { return nil }
        return try HTTPHead(parsing: bytes)
    }

    /// Copies a body from this connection to `sink` as it arrives (never whole in memory, so a
    /// 64 MiB blob passes through the proxy in 64 KiB pieces). Chunked framing is passed on
    /// verbatim. `transform` sees each piece of the decoded body with its offset and may change it.
    func relayBody(
        _ framing: BodyFraming,
        to sink: (Data) throws -> Void,
        transform: ((Int, inout Data) -> Void)? = nil
    ) throws {
        var offset = 0
        func pass(_ piece: Data) throws {
            var piece = piece
            transform?(offset, &piece)
            offset += piece.count
            try sink(piece)
        }
        switch framing {
        case .none:
            return
        case .length(let total):
            var remaining = total
            while remaining > 0 {
                let piece = try read(maximum: min(65536, remaining))
                if piece.isEmpty { throw HTTPWireError.truncated }
                remaining -= piece.count
                try pass(piece)
            }
        case .untilClose:
            while true {
                let piece = try read()
                if piece.isEmpty { return }
                try pass(piece)
            }
        case .chunked:
            let crlf = Data("\r\n".utf8)
            while true {
                guard let sizeLine = try readThrough(crlf, limit: 4096) else { throw HTTPWireError.truncated }
                try sink(sizeLine)
                let sizeText = String(decoding: sizeLine, as: UTF8.self)
                    .split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
                guard let size = Int(sizeText, radix: 16) else { throw HTTPWireError.malformed("chunk size \(sizeText)") }
                if size == 0 {
                    // Trailer fields, then the blank line that ends the message.
                    while true {
                        guard let line = try readThrough(crlf, limit: 65536) else { throw HTTPWireError.truncated }
                        try sink(line)
                        if line.count == 2 { return }
                    }
                }
                var remaining = size
                while remaining > 0 {
                    let piece = try read(maximum: min(65536, remaining))
                    if piece.isEmpty { throw HTTPWireError.truncated }
                    remaining -= piece.count
                    try pass(piece)
                }
                try sink(try readExactly(2))
            }
        }
    }

    /// A whole (small) body, de-chunked; for request bodies the token server parses.
    func readBody(_ framing: BodyFraming, limit: Int = 1 << 20) throws -> Data {
        var body = Data()
        var decoded = Data()
        try relayBody(framing, to: { piece in
            body.append(piece)
            if body.count > limit { throw HTTPWireError.malformed("body over \(limit) bytes") }
        }, transform: { _, piece in decoded.append(piece) })
        return framing == .chunked ? decoded : body
    }
}
