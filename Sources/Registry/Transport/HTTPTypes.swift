import Foundation
import Streams

/// Header fields in arrival order; names compare case-insensitively as HTTP requires.
public struct HTTPHeaders: Sendable, Equatable {
    public private(set) var fields: [(name: String, value: String)] = []

    public init(_ fields: [(String, String)] = []) {
        self.fields = fields.map { (name: $0.0, value: $0.1) }
    }

    public static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        lhs.fields.elementsEqual(rhs.fields) { $0.name == $1.name && $0.value == $1.value }
    }

    public mutating func add(_ name: String, _ value: String) { fields.append((name, value)) }

    public mutating func set(_ name: String, _ value: String) {
        fields.removeAll { $0.name.caseInsensitiveCompare(name) == .orderedSame }
        fields.append((name, value))
    }

    /// The first value of `name`, if present.
    public subscript(_ name: String) -> String? {
        fields.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// Every value of `name` (e.g. several `WWW-Authenticate` or `Link` headers).
    public func values(_ name: String) -> [String] {
        fields.filter { $0.name.caseInsensitiveCompare(name) == .orderedSame }.map(\.value)
    }
}

/// What a request sends as its body. Streams are pulled on the transfer thread, so a body
/// never has to be held whole in memory.
public enum HTTPBody: Sendable {
    case none
    case bytes(Data)
    /// `length` bytes read from `source`; an upload with a known length lets the registry
    /// check Content-Length and keeps libcurl from chunked transfer-encoding.
    case stream(any ByteSource, length: Int64)
}

/// One HTTP exchange as the transport performs it.
public struct HTTPRequest: Sendable {
    public var method: String
    public var url: String
    public var headers: HTTPHeaders
    public var body: HTTPBody
    /// Where a 2xx response body goes; nil collects it into `HTTPResponse.body` up to `maxBodyBytes`.
    public var sink: (any ByteSink)?
    public var maxBodyBytes: Int
    public var tls: TLSOptions
    public var followRedirects: Bool
    /// A deadline for the whole exchange, overriding `TransferLimits` (e.g. a short best-effort DELETE).
    public var timeoutSeconds: Double?

    public init(method: String, url: String, headers: HTTPHeaders = HTTPHeaders(), body: HTTPBody = .none,
                sink: (any ByteSink)? = nil, maxBodyBytes: Int = 4 << 20, tls: TLSOptions = TLSOptions(),
                followRedirects: Bool = true) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.sink = sink
        self.maxBodyBytes = maxBodyBytes
        self.tls = tls
        self.followRedirects = followRedirects
    }
}

/// Status, headers and (unless streamed to a sink) the body of the final response.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    /// The collected body: the whole body without a sink, or the (capped) error body for a non-2xx status.
    public var body: Data
    /// The URL that answered, after redirects.
    public var effectiveURL: String
    /// Bytes handed to the request's sink.
    public var sinkBytes: Int64

    public var isSuccess: Bool { (200..<300).contains(status) }
}

/// Per-endpoint TLS settings. Verification is on unless `insecureSkipVerify` is set.
public struct TLSOptions: Sendable, Hashable {
    /// Extra trusted CAs in PEM, added to the system bundle (certs.d `ca.crt`, config `caFile`).
    public var extraCAPEM: Data?
    public var clientCertificateFile: String?
    public var clientKeyFile: String?
    public var insecureSkipVerify: Bool

    public init(extraCAPEM: Data? = nil, clientCertificateFile: String? = nil, clientKeyFile: String? = nil,
                insecureSkipVerify: Bool = false) {
        self.extraCAPEM = extraCAPEM
        self.clientCertificateFile = clientCertificateFile
        self.clientKeyFile = clientKeyFile
        self.insecureSkipVerify = insecureSkipVerify
    }
}

/// A failure below HTTP: DNS, connect, TLS, a dropped connection, a stall, or a local stream error.
public struct TransportError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// `refused`: the host answered that nothing listens on that port (ECONNREFUSED).
        case connect, refused, tls, dropped, timeout, tooLarge, cancelled, localStream, other
    }
    public var kind: Kind
    public var code: Int
    public var message: String
    /// The URL with its query removed: signed storage URLs carry credentials there.
    public var url: String
    /// A local error (from a sink or source) that stopped the transfer, kept so callers see its own type.
    public var underlying: (any Error)?
    /// How many tries ended like this one before the client gave up.
    public var tries = 1
    /// What a user can change about it (for a timeout: the setting that sets the limit).
    public var remedy: String?

    public var description: String { "\(message) (\(url))" + (tries > 1 ? ", \(tries) tries" : "") }

    /// Errors worth another try: the network, not the request, was at fault.
    public var isRetryable: Bool {
        switch kind {
        case .connect, .refused, .dropped, .timeout: return true
        case .tls, .tooLarge, .cancelled, .localStream, .other: return false
        }
    }
}

extension String {
    /// The URL without query or fragment, for messages: pre-signed blob URLs carry secrets there.
    var redactedURL: String {
        if let cut = firstIndex(where: { $0 == "?" || $0 == "#" }) { return String(self[..<cut]) }
        return self
    }
}
