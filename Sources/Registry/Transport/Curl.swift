import CCurl
import Foundation
import Streams

/// The one Swift file that talks to libcurl: an easy handle per transfer, reused for keep-alive.
///
/// `curl_easy_perform` blocks, so `CurlHandle.perform` runs on a transfer thread (see
/// `HTTPTransport`); bytes move through C callbacks straight between libcurl's buffers and the
/// request's source/sink, never collected whole.
// Invariant: a handle is used by one transfer thread at a time: HTTPTransport checks it out under its lock and back in after `perform`.
final class CurlHandle: @unchecked Sendable {
    private let easy: UnsafeMutableRawPointer

    private static let globalInit: Bool = curl_global_init(Int(CURL_GLOBAL_ALL)) == CURLE_OK

    init?() {
        guard CurlHandle.globalInit, let easy = curl_easy_init() else { return nil }
        self.easy = easy
    }

    deinit { curl_easy_cleanup(easy) }

    /// Runs one request. Connections stay cached on this handle between calls.
    func perform(_ request: HTTPRequest, limits: TransferLimits, cancel: CancelFlag) throws -> HTTPResponse {
        curl_easy_reset(easy)
        let deadline = limits.deadline(for: request)
        let context = TransferContext(request: request, easy: easy, cancel: cancel, limits: limits, deadline: deadline)
        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headerList) }
        for field in request.headers.fields {
            headerList = curl_slist_append(headerList, "\(field.name): \(field.value)")
        }
        // An upload must not wait a second for "100 Continue" from registries that never send it.
        headerList = curl_slist_append(headerList, "Expect:")

        try request.url.withCString { try check(ferry_curl_setopt_string(easy, CURLOPT_URL, $0)) }
        try check(ferry_curl_setopt_string(easy, CURLOPT_PROTOCOLS_STR, "http,https"))
        // Uploads may not be redirected from HTTPS to plain HTTP. Downloads may (object stores
        // behind registries often hand out http:// presigned URLs): the digest protects the bytes,
        // and libcurl sends a custom Authorization only to the same scheme, host and port.
        let downgradeAllowed = request.method == "GET" || request.method == "HEAD" || !request.url.hasPrefix("https://")
        try check(ferry_curl_setopt_string(easy, CURLOPT_REDIR_PROTOCOLS_STR, downgradeAllowed ? "http,https" : "https"))
        try check(ferry_curl_setopt_long(easy, CURLOPT_NOSIGNAL, 1))
        try check(ferry_curl_setopt_long(easy, CURLOPT_TCP_KEEPALIVE, 1))
        try check(ferry_curl_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, limits.connectTimeoutMilliseconds))
        // A body that stalls or trickles below the limit is dropped rather than read for hours;
        // a request without a body stream also has a deadline for the whole exchange.
        try check(ferry_curl_setopt_long(easy, CURLOPT_LOW_SPEED_LIMIT, limits.lowSpeedBytesPerSecond))
        try check(ferry_curl_setopt_long(easy, CURLOPT_LOW_SPEED_TIME, limits.stallSeconds))
        if let deadline {
            try check(ferry_curl_setopt_long(easy, CURLOPT_TIMEOUT_MS, TransferLimits.milliseconds(deadline)))
        }
        try check(ferry_curl_setopt_long(easy, CURLOPT_BUFFERSIZE, 256 << 10))
        try check(ferry_curl_setopt_long(easy, CURLOPT_UPLOAD_BUFFERSIZE, 1 << 20))
        // Redirects to blob storage: libcurl drops a custom Authorization header when the host changes.
        try check(ferry_curl_setopt_long(easy, CURLOPT_FOLLOWLOCATION, request.followRedirects ? 1 : 0))
        try check(ferry_curl_setopt_long(easy, CURLOPT_MAXREDIRS, 10))
        try check(ferry_curl_setopt_slist(easy, CURLOPT_HTTPHEADER, headerList))
        try configureTLS(request.tls)
        try configureProxy(for: request.url)
        try configureMethod(request)

        let unmanaged = Unmanaged.passRetained(context)
        defer { unmanaged.release() }
        let opaque = unmanaged.toOpaque()
        try check(ferry_curl_setopt_write(easy, curlWrite, opaque))
        try check(ferry_curl_setopt_header(easy, curlHeader, opaque))
        try check(ferry_curl_setopt_read(easy, curlRead, opaque))
        try check(ferry_curl_setopt_seek(easy, curlSeek, opaque))
        try check(ferry_curl_setopt_xferinfo(easy, curlProgress, opaque))

        let code = curl_easy_perform(easy)
        if code != CURLE_OK { throw context.failure(code: code) }
        var status = 0
        var effective: UnsafePointer<CChar>?
        _ = ferry_curl_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
        _ = ferry_curl_getinfo_string(easy, CURLINFO_EFFECTIVE_URL, &effective)
        return HTTPResponse(status: status, headers: context.headers, body: context.body,
                            effectiveURL: effective.map { String(cString: $0) } ?? request.url,
                            sinkBytes: context.sinkBytes)
    }

    private func configureMethod(_ request: HTTPRequest) throws {
        switch request.method {
        case "GET": try check(ferry_curl_setopt_long(easy, CURLOPT_HTTPGET, 1))
        case "HEAD": try check(ferry_curl_setopt_long(easy, CURLOPT_NOBODY, 1))
        default:
            // Every other verb goes out as an upload so bodies of any size stream from the read callback.
            try check(ferry_curl_setopt_long(easy, CURLOPT_UPLOAD, 1))
            try request.method.withCString { try check(ferry_curl_setopt_string(easy, CURLOPT_CUSTOMREQUEST, $0)) }
            let length: Int64
            switch request.body {
            case .none: length = 0
            case .bytes(let data): length = Int64(data.count)
            case .stream(_, let size): length = size
            }
            try check(ferry_curl_setopt_off(easy, CURLOPT_INFILESIZE_LARGE, curl_off_t(length)))
        }
    }

    private func configureTLS(_ tls: TLSOptions) throws {
        if tls.insecureSkipVerify {
            try check(ferry_curl_setopt_long(easy, CURLOPT_SSL_VERIFYPEER, 0))
            try check(ferry_curl_setopt_long(easy, CURLOPT_SSL_VERIFYHOST, 0))
        }
        // System CAs from the hashed directory, looked up one by one during the handshake,
        // instead of parsing the whole bundle file for every new TLS context (tens of
        // milliseconds per connection, most of a short command's run time).
        if let directory = CurlHandle.systemCertificateDirectory {
            try check(ferry_curl_setopt_pointer(easy, CURLOPT_CAINFO, nil))
            try check(ferry_curl_setopt_string(easy, CURLOPT_CAPATH, directory))
        }
        if let pem = tls.extraCAPEM {
            // The host's CAs are added to the system ones, as docker's certs.d does.
            var bundle = pem
            if CurlHandle.systemCertificateDirectory == nil { bundle = CurlHandle.systemBundle + pem }
            try bundle.withUnsafeMutableBytes { raw in
                var blob = curl_blob(data: raw.baseAddress, len: raw.count, flags: UInt32(CURL_BLOB_COPY))
                try withUnsafeMutablePointer(to: &blob) {
                    try check(ferry_curl_setopt_pointer(easy, CURLOPT_CAINFO_BLOB, UnsafeMutableRawPointer($0)))
                }
            }
        }
        if let cert = tls.clientCertificateFile {
            try check(ferry_curl_setopt_string(easy, CURLOPT_SSLCERT, cert))
        }
        if let key = tls.clientKeyFile {
            try check(ferry_curl_setopt_string(easy, CURLOPT_SSLKEY, key))
        }
    }

    /// libcurl reads `http_proxy`/`https_proxy`/`no_proxy` itself; the upper-case `HTTP_PROXY`
    /// it ignores for plain HTTP (a CGI hazard), but users of this field expect it honoured.
    private func configureProxy(for url: String) throws {
        let env = CurlHandle.environment
        if url.hasPrefix("http://"), env["http_proxy"] == nil, let proxy = env["HTTP_PROXY"], !proxy.isEmpty {
            try check(ferry_curl_setopt_string(easy, CURLOPT_PROXY, proxy))
            if let noProxy = env["no_proxy"] ?? env["NO_PROXY"] {
                try check(ferry_curl_setopt_string(easy, CURLOPT_NOPROXY, noProxy))
            }
        }
    }

    /// Read once: building the whole environment dictionary per request was ~9% of a re-gather's CPU.
    private static let environment = ProcessInfo.processInfo.environment

    /// A hashed CA directory (`c_rehash` layout), as Debian and most distributions ship.
    private static let systemCertificateDirectory: String? = {
        for path in ["/etc/ssl/certs"] {
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            if entries.contains(where: { $0.hasSuffix(".0") }) { return path }
        }
        return nil
    }()

    private static let systemBundle: Data = {
        for path in ["/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt", "/etc/ssl/cert.pem"] {
            if let data = FileManager.default.contents(atPath: path) { return data + Data("\n".utf8) }
        }
        return Data()
    }()

    private func check(_ code: CURLcode) throws {
        guard code == CURLE_OK else {
            throw TransportError(kind: .other, code: Int(code.rawValue),
                                 message: "libcurl setup failed: \(String(cString: curl_easy_strerror(code)))",
                                 url: "", underlying: nil)
        }
    }
}

/// State shared with the C callbacks of one transfer.
private final class TransferContext {
    let request: HTTPRequest
    let easy: UnsafeMutableRawPointer
    let cancel: CancelFlag
    let limits: TransferLimits
    let deadline: Double?
    var headers = HTTPHeaders()
    var body = Data()
    var sinkBytes: Int64 = 0
    var status = 0
    var localError: (any Error)?
    var overLimit = false
    var begun = false
    private(set) var source: (any ByteSource)?

    init(request: HTTPRequest, easy: UnsafeMutableRawPointer, cancel: CancelFlag, limits: TransferLimits, deadline: Double?) {
        self.request = request
        self.easy = easy
        self.cancel = cancel
        self.limits = limits
        self.deadline = deadline
        switch request.body {
        case .none: source = nil
        case .bytes(let data): source = DataSource(data)
        case .stream(let stream, _): source = stream
        }
    }

    /// Restarts an in-memory body at `offset`, which curl asks for when it replays a request on a
    /// new connection (a kept-alive connection closed just as the request went out). A streamed
    /// body cannot go back: curl then fails the try, and the upload resumes from the offset
    /// the registry confirms.
    func rewind(to offset: Int64) -> Bool {
        guard case .bytes(let data) = request.body, offset >= 0, offset <= Int64(data.count) else { return false }
        source = DataSource(data.subdata(in: data.startIndex + Int(offset)..<data.endIndex))
        return true
    }

    func receive(_ bytes: UnsafeRawBufferPointer) -> Bool {
        if status == 0 {
            var code = 0
            _ = ferry_curl_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &code)
            status = code
        }
        if let sink = request.sink, (200..<300).contains(status) {
            do {
                if !begun, let aware = sink as? any ResponseAwareSink {
                    try aware.begin(status: status, headers: headers)
                }
                begun = true
                try sink.write(bytes)
                sinkBytes += Int64(bytes.count)
                return true
            } catch {
                localError = error
                return false
            }
        }
        // Error bodies are kept for messages, but only their start.
        let limit = request.sink == nil && (200..<300).contains(status) ? request.maxBodyBytes : 64 << 10
        if body.count + bytes.count > limit {
            if request.sink == nil && (200..<300).contains(status) {
                overLimit = true
                return false
            }
            body.append(contentsOf: bytes.prefix(max(0, limit - body.count)))
            return true
        }
        body.append(contentsOf: bytes)
        return true
    }

    /// One header line, split on bytes: Foundation's trimming (through NSString) was ~13% of a
    /// re-gather's CPU.
    func header(_ bytes: UnsafeRawBufferPointer) {
        func isSpace(_ b: UInt8) -> Bool { b == 32 || b == 9 || b == 10 || b == 13 }
        var start = 0, end = bytes.count
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        let line = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
        if line.starts(with: "HTTP/".utf8) {
            headers = HTTPHeaders()   // a new response (after a redirect or 100 Continue)
            status = 0
            begun = false
            body = Data()
            return
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return }
        var nameEnd = colon
        while nameEnd > 0, isSpace(line[nameEnd - 1]) { nameEnd -= 1 }
        var valueStart = colon + 1
        while valueStart < line.count, isSpace(line[valueStart]) { valueStart += 1 }
        headers.add(String(decoding: UnsafeRawBufferPointer(rebasing: line[0..<nameEnd]), as: UTF8.self),
                    String(decoding: UnsafeRawBufferPointer(rebasing: line[valueStart...]), as: UTF8.self))
    }

    func failure(code: CURLcode) -> TransportError {
        let url = request.url.redactedURL
        let text = String(cString: curl_easy_strerror(code))
        if let error = localError {
            return TransportError(kind: .localStream, code: Int(code.rawValue), message: "\(error)", url: url, underlying: error)
        }
        if overLimit {
            return TransportError(kind: .tooLarge, code: Int(code.rawValue),
                                  message: "response larger than \(request.maxBodyBytes) bytes", url: url, underlying: nil)
        }
        if cancel.isCancelled {
            return TransportError(kind: .cancelled, code: Int(code.rawValue), message: "cancelled", url: url, underlying: nil)
        }
        var kind: TransportError.Kind
        var message = text
        var remedy: String?
        switch code {
        case CURLE_COULDNT_CONNECT:
            kind = .connect
            var osError = 0
            _ = ferry_curl_getinfo_long(easy, CURLINFO_OS_ERRNO, &osError)
            if osError == Int(ECONNREFUSED) {
                kind = .refused
                message = "connection refused"
            }
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY: kind = .connect
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM,
             CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CIPHER:
            kind = .tls
        case CURLE_OPERATION_TIMEDOUT:
            kind = .timeout
            (message, remedy) = timeoutMessage()
        case CURLE_PARTIAL_FILE, CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_GOT_NOTHING, CURLE_HTTP2,
             CURLE_HTTP2_STREAM, CURLE_SEND_FAIL_REWIND:
            // SEND_FAIL_REWIND: the connection dropped and a streamed body could not be replayed.
            kind = .dropped
        default: kind = .other
        }
        var error = TransportError(kind: kind, code: Int(code.rawValue), message: message, url: url, underlying: nil)
        error.remedy = remedy
        return error
    }

    /// Which limit ended the transfer, and the setting that changes it.
    private func timeoutMessage() -> (String, String) {
        var connected: curl_off_t = 0, total: curl_off_t = 0
        _ = ferry_curl_getinfo_off(easy, CURLINFO_CONNECT_TIME_T, &connected)
        _ = ferry_curl_getinfo_off(easy, CURLINFO_TOTAL_TIME_T, &total)
        if connected == 0 {
            return ("no connection within \(TransferLimits.format(Double(limits.connectTimeoutMilliseconds) / 1000)) s",
                    "raise FERRY_CONNECT_TIMEOUT (seconds)")
        }
        if let deadline, Double(total) / 1e6 >= deadline * 0.95 {
            return ("no complete answer within \(TransferLimits.format(deadline)) s", "raise FERRY_REQUEST_TIMEOUT (seconds)")
        }
        return ("stalled: under \(limits.lowSpeedBytesPerSecond) bytes/s for \(limits.stallSeconds) s",
                "raise FERRY_LOW_SPEED_TIME (seconds) or lower FERRY_LOW_SPEED_LIMIT (bytes/s)")
    }
}

private func context(_ pointer: UnsafeMutableRawPointer?) -> TransferContext? {
    pointer.map { Unmanaged<TransferContext>.fromOpaque($0).takeUnretainedValue() }
}

private let curlWrite: ferry_curl_data_cb = { data, size, count, user in
    guard let ctx = context(user) else { return 0 }
    let total = size * count
    guard total > 0, let data else { return total }
    return ctx.receive(UnsafeRawBufferPointer(start: data, count: total)) ? total : 0
}

private let curlHeader: ferry_curl_data_cb = { data, size, count, user in
    let total = size * count
    guard let ctx = context(user), let data else { return total }
    let bytes = UnsafeRawBufferPointer(start: data, count: total)
    ctx.header(bytes)
    return total
}

private let curlRead: ferry_curl_data_cb = { data, size, count, user in
    guard let ctx = context(user), let data else { return 0 }
    guard let source = ctx.source else { return 0 }
    do {
        return try source.read(into: UnsafeMutableRawBufferPointer(start: data, count: size * count))
    } catch {
        ctx.localError = error
        return ferry_curl_readfunc_abort()
    }
}

private let curlSeek: ferry_curl_seek_cb = { user, offset, origin in
    // CURL_SEEKFUNC_OK 0, CURL_SEEKFUNC_CANTSEEK 2 (macros Swift does not import).
    guard let ctx = context(user), origin == SEEK_SET, ctx.rewind(to: Int64(offset)) else { return 2 }
    return 0
}

private let curlProgress: ferry_curl_xferinfo_cb = { user, _, _, _, _ in
    guard let ctx = context(user) else { return 1 }
    return ctx.cancel.isCancelled ? 1 : 0
}
