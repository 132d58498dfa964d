import Foundation

/// A failure talking to a registry, with what was being done, the HTTP status and the registry's
/// own error text. Never carries credentials: URLs lose their query and headers are not kept.
public struct RegistryError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        case notFound, unauthorized, denied, tooManyRequests, server, rejected
        case digestMismatch, sizeMismatch, transport, protocolViolation, insecure, invalidInput
        /// An upload session the registry no longer recognises; the upload starts again.
        case uploadLost
        /// A transfer stalled, or a request found no answer in time, on every try.
        case timeout
    }

    public var kind: Kind
    /// What was being done, e.g. "GET manifest 127.0.0.1:5000/app:1".
    public var operation: String
    public var status: Int?
    public var detail: String

    public init(_ kind: Kind, operation: String, status: Int? = nil, detail: String) {
        self.kind = kind
        self.operation = operation
        self.status = status
        self.detail = detail
    }

    public var description: String {
        var text = operation
        if let status { text += ": HTTP \(status)" }
        if !detail.isEmpty { text += ": \(detail)" }
        return text
    }

    /// Classifies an HTTP error response and extracts the registry's `errors` array text.
    static func from(_ response: HTTPResponse, operation: String) -> RegistryError {
        let kind: Kind
        switch response.status {
        case 401: kind = .unauthorized
        case 403: kind = .denied
        case 404: kind = .notFound
        case 429: kind = .tooManyRequests
        case 500...599: kind = .server
        default: kind = .rejected
        }
        return RegistryError(kind, operation: operation, status: response.status, detail: errorText(response.body))
    }

    /// The distribution spec's `{"errors":[{"code","message","detail"}]}`, flattened to one line.
    static func errorText(_ body: Data) -> String {
        struct Envelope: Decodable {
            struct Entry: Decodable { var code: String?; var message: String? }
            var errors: [Entry]?
        }
        if let envelope = try? JSONDecoder().decode(Envelope.self, from: body), let errors = envelope.errors, !errors.isEmpty {
            return errors.map { [$0.code, $0.message].compactMap { $0 }.joined(separator: ": ") }.joined(separator: "; ")
        }
        let text = String(decoding: body.prefix(300), as: UTF8.self)
            .replacingOccurrences(of: "\n", with: " ").trimmingCharacters(in: .whitespaces)
        return text
    }

    static func wrap(_ error: any Error, operation: String) -> any Error {
        if let transport = error as? TransportError {
            if transport.kind == .localStream, let inner = transport.underlying { return inner }
            if transport.kind == .timeout {
                let remedy = transport.remedy.map { " or \($0)" } ?? ""
                return RegistryError(.timeout, operation: operation,
                                     detail: "\(transport); check the network to the registry\(remedy)")
            }
            return RegistryError(.transport, operation: operation, detail: transport.description)
        }
        return error
    }
}
