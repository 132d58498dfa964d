/// `--listen HOST:PORT` (`127.0.0.1:5000`, `[::1]:5000`, `0.0.0.0:0` for any free port).
public struct ListenAddress: Sendable, Equatable, CustomStringConvertible {
    public let host: String
    public let port: Int

    public init(parsing text: String) throws {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else {
            throw ServeError.badOption("--listen \(text): expected HOST:PORT, e.g. 127.0.0.1:5000 or [::1]:5000")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw ServeError.badOption("--listen \(text): no host; use 0.0.0.0:\(port) to listen on every address") }
        self.host = host
        self.port = port
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
