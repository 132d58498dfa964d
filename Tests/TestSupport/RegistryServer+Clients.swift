import Foundation

/// A response fetched with the curl CLI.
public struct CurlResponse: Sendable {
    public let status: Int
    /// Header names lowercased; for repeated headers the last value wins.
    public let headers: [String: String]
    public let body: Data

    public init(status: Int, headers: [String: String], body: Data) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A header by case-insensitive name.
    public func header(_ name: String) -> String? { headers[name.lowercased()] }

    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}

/// Access to a `RegistryServer` through independent clients (curl, skopeo) and through its log.
extension RegistryServer {
    /// Which flag family `skopeoFlags` produces.
    public enum SkopeoRole: Sendable {
        /// `--src-tls-verify`, `--src-cert-dir`, `--src-creds` for `skopeo copy` from here.
        case source
        /// `--dest-…` for `skopeo copy` to here.
        case destination
        /// `--tls-verify`, `--cert-dir`, `--creds` for `inspect`, `list-tags`, `delete`.
        case standalone
    }

    /// The requests the registry has served so far, from its access log, oldest first.
    ///
    /// distribution writes an access-log line only after the handler returns, which can be just
    /// after the client already has the whole body. So this first sends a marker request and
    /// waits (up to 2 s) for it to be logged: everything that finished before the call is then in
    /// the list. The marker requests themselves are left out; the `GET /v2/` readiness probe
    /// `start` made is the first entry.
    public func accessLog() -> [LoggedRequest] {
        let sentinel = nextSentinelPath()
        _ = try? probe(path: sentinel)
        let deadline = Date().addingTimeInterval(2)
        var entries = parsedAccessLog()
        while !entries.contains(where: { $0.path == sentinel }) && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.01)
            entries = parsedAccessLog()
        }
        return entries.filter { !$0.path.contains(Self.sentinelMarker) }
    }

    private func parsedAccessLog() -> [LoggedRequest] {
        guard let text = try? String(contentsOf: accessLogFile, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap(LoggedRequest.parse(accessLogLine:))
    }

    /// Flags that let skopeo reach this registry in its mode: TLS trust via the certs.d
    /// directory, credentials for the auth modes, `tls-verify=false` for plain HTTP (skopeo then
    /// falls back from https to http).
    public func skopeoFlags(_ role: SkopeoRole) -> [String] {
        let prefix: String
        switch role {
        case .source: prefix = "--src-"
        case .destination: prefix = "--dest-"
        case .standalone: prefix = "--"
        }
        var flags: [String] = []
        if let certsDirectory {
            flags.append("\(prefix)cert-dir=\(certsDirectory.appendingPathComponent(host).path)")
        } else {
            flags.append("\(prefix)tls-verify=false")
        }
        if let username, let password {
            flags.append("\(prefix)creds=\(username):\(password)")
        }
        return flags
    }

    /// curl flags that authenticate to this registry for the given token scopes: `--cacert` in
    /// TLS mode, `-u user:pass` for Basic, `Authorization: Bearer` for token mode (a token minted
    /// directly by the token server, so its statistics stay untouched).
    public func curlAuthArguments(scopes: [String]) throws -> [String] {
        var arguments: [String] = []
        if let caCertificate { arguments += ["--cacert", caCertificate.path] }
        switch mode {
        case .plain:
            break
        case .tlsBasic(let username, let password):
            arguments += ["-u", "\(username):\(password)"]
        case .token:
            guard let tokenServer else { break }
            arguments += ["-H", "Authorization: Bearer \(try tokenServer.mintToken(scopes: scopes))"]
        }
        return arguments
    }

    /// Sends one request to the registry with the curl CLI, as the mode's user unless
    /// `authenticated` is false (then only TLS trust is configured). Token scopes are derived from
    /// the path: pull for GET/HEAD, pull+push for writes, plus delete for DELETE.
    public func request(
        _ method: String,
        _ path: String,
        headers: [String: String] = [:],
        body: Data? = nil,
        authenticated: Bool = true
    ) throws -> CurlResponse {
        let scratch = try TestTools.makeTempDirectory("ferry-curl")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let headerFile = scratch.appendingPathComponent("headers")
        let bodyFile = scratch.appendingPathComponent("body")
        var arguments = ["-s", "-S", "-g", "-D", headerFile.path, "-o", bodyFile.path, "-w", "%{http_code}", "-H", "Expect:"]
        arguments += method == "HEAD" ? ["--head"] : ["-X", method]
        if authenticated {
            arguments += try curlAuthArguments(scopes: Self.scopes(method: method, path: path))
        } else if let caCertificate {
            arguments += ["--cacert", caCertificate.path]
        }
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { arguments += ["-H", "\(name): \(value)"] }
        if let body {
            let upload = scratch.appendingPathComponent("upload")
            try body.write(to: upload)
            arguments += ["--data-binary", "@\(upload.path)"]
        }
        arguments.append(baseURL + path)
        let result = try TestTools.runChecked("curl", arguments)
        let status = Int(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        let headerText = (try? String(contentsOf: headerFile, encoding: .utf8)) ?? ""
        return CurlResponse(
            status: status,
            headers: Self.parseLastHeaderBlock(headerText),
            body: (try? Data(contentsOf: bodyFile)) ?? Data())
    }

    /// Token scopes a request to `path` needs, the way a docker client would ask for them.
    static func scopes(method: String, path: String) -> [String] {
        let bare = String(path.split(separator: "?", maxSplits: 1).first ?? "")
        if bare.hasPrefix("/v2/_catalog") { return ["registry:catalog:*"] }
        guard bare.hasPrefix("/v2/") else { return [] }
        let rest = bare.dropFirst(4)
        let markers = ["/manifests/", "/blobs/", "/tags/", "/referrers/"]
        guard let cut = markers.compactMap({ rest.range(of: $0, options: .backwards) }).max(by: { $0.lowerBound < $1.lowerBound })
        else { return [] }
        let name = rest[..<cut.lowerBound]
        let actions: String
        switch method {
        case "GET", "HEAD": actions = "pull"
        case "DELETE": actions = "pull,push,delete"
        default: actions = "pull,push"
        }
        var scopes = ["repository:\(name):\(actions)"]
        if let query = URLComponents(string: path)?.queryItems, let from = query.first(where: { $0.name == "from" })?.value {
            scopes.append("repository:\(from):pull")
        }
        return scopes
    }

    /// Headers of the final response in a `curl -D` dump (skipping `100 Continue` blocks).
    private static func parseLastHeaderBlock(_ text: String) -> [String: String] {
        let blocks = text.components(separatedBy: "\r\n\r\n").filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        guard let last = blocks.last else { return [:] }
        var headers: [String: String] = [:]
        for line in last.components(separatedBy: "\r\n").dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return headers
    }
}
