import Foundation
import OCI
import Synchronization

/// HTTP Basic authentication against an htpasswd file of bcrypt entries (`user:$2y$...`, as
/// `htpasswd -B` writes and docker-registry's htpasswd auth reads). Other hash kinds (MD5, SHA1,
/// crypt) are refused when the file is read, as docker-registry does.
///
/// bcrypt is slow on purpose; a client that pulls 50 blobs sends the same header 50 times, so a
/// header that verified is remembered (by its SHA-256, never in clear) for later requests.
public final class BasicAuthenticator: Sendable {
    static let realm = "ferry serve"
    private let entries: [String: String]
    private let verified = Mutex<Set<Digest>>([])
    private static let rememberLimit = 256

    /// Parses htpasswd lines: `user:hash`, blank lines and `#` comments skipped.
    public init(htpasswd text: String, path: String) throws {
        var entries: [String: String] = [:]
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else {
                throw ServeError.badOption("\(path):\(number + 1): not a user:hash line")
            }
            let hash = String(line[line.index(after: colon)...])
            guard hash.hasPrefix("$2a$") || hash.hasPrefix("$2b$") || hash.hasPrefix("$2y$") else {
                throw ServeError.badOption("\(path):\(number + 1): only bcrypt entries are supported; make them with htpasswd -B")
            }
            entries[String(line[..<colon])] = hash
        }
        guard !entries.isEmpty else { throw ServeError.badOption("\(path) has no user:hash lines") }
        self.entries = entries
    }

    /// Reads the file at `path`.
    public convenience init(path: String) throws {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ServeError.badOption("cannot read --htpasswd \(path): \(error.localizedDescription)")
        }
        try self.init(htpasswd: text, path: path)
    }

    /// Whether an `Authorization` header value carries a user and password of the file.
    func admits(_ header: String?) -> Bool {
        guard let header, header.lowercased().hasPrefix("basic ") else { return false }
        let key = Digest.sha256(of: Data(header.utf8))
        if verified.withLock({ $0.contains(key) }) { return true }
        guard let decoded = Data(base64Encoded: String(header.dropFirst("basic ".count)).trimmingCharacters(in: .whitespaces)),
              let text = String(data: decoded, encoding: .utf8), let colon = text.firstIndex(of: ":"),
              let hash = entries[String(text[..<colon])],
              Bcrypt.verify(Array(text[text.index(after: colon)...].utf8), against: hash) else { return false }
        verified.withLock { remembered in
            if remembered.count >= Self.rememberLimit { remembered.removeAll() }
            remembered.insert(key)
        }
        return true
    }
}
