import Foundation

/// One request as the registry logged it, for assertions such as "the second copy fetched no
/// blob" or "exactly one PUT per layer".
public struct LoggedRequest: Sendable, Equatable, CustomStringConvertible {
    public let method: String
    /// Path with query, as the client sent it, e.g. `/v2/app/blobs/uploads/?mount=...&from=...`.
    public let path: String
    public let status: Int

    public init(method: String, path: String, status: Int) {
        self.method = method
        self.path = path
        self.status = status
    }

    public var description: String { "\(method) \(path) \(status)" }

    /// Parses one access-log line in gorilla's combined format, as distribution writes it:
    /// `127.0.0.1 - - [date] "GET /v2/ HTTP/1.1" 200 2 "" "curl/7.88.1"`. Other lines (the
    /// registry's own logrus output) give nil.
    static func parse(accessLogLine line: Substring) -> LoggedRequest? {
        guard let open = line.firstIndex(of: "\"") else { return nil }
        let afterOpen = line.index(after: open)
        guard let close = line[afterOpen...].firstIndex(of: "\"") else { return nil }
        let request = line[afterOpen..<close].split(separator: " ")
        guard request.count == 3, request[2].hasPrefix("HTTP/") else { return nil }
        let rest = line[line.index(after: close)...].split(separator: " ", maxSplits: 2)
        guard let statusText = rest.first, let status = Int(statusText) else { return nil }
        return LoggedRequest(method: String(request[0]), path: String(request[1]), status: status)
    }
}
