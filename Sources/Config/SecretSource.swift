import Foundation
import Streams

/// Where `ferry login -p` takes a password from, in ace-dt's syntax: `env:NAME` (or a bare
/// `NAME`), `file:PATH` or `cmd:COMMAND`. The password itself never appears on the command line,
/// so it stays out of shell history and `ps`.
public enum SecretSource: Sendable, Equatable {
    case environment(String)
    case file(String)
    case command(String)

    /// Parses a `-p` value; a value without a known `source:` prefix names an environment
    /// variable, as in ace-dt.
    public init(parsing text: String) throws {
        guard let colon = text.firstIndex(of: ":") else {
            self = .environment(text)
            return
        }
        let value = String(text[text.index(after: colon)...])
        switch text[..<colon] {
        case "env": self = .environment(value)
        case "file": self = .file(value)
        case "cmd": self = .command(value)
        default:
            throw SecretSourceError(message: "unknown password source \"\(text[..<colon]):\"; use env:NAME, file:PATH or cmd:COMMAND")
        }
        if value.isEmpty { throw SecretSourceError(message: "empty password source \"\(text)\"") }
    }

    /// The secret. A file's one trailing newline is dropped (ace-dt keeps it, which makes
    /// `echo secret > file` fail to log in).
    public func resolve(environment: [String: String], timeout: TimeInterval = 30) throws -> String {
        switch self {
        case .environment(let name):
            guard let value = environment[name] else {
                // The name is shortened: a user who typed the password instead of a name must not see it echoed.
                let shown = name.count > 3 ? "\(name.prefix(3))…" : name
                throw SecretSourceError(message: "environment variable \"\(shown)\" is not set")
            }
            return value
        case .file(let path):
            let text: String
            do { text = try TextFile.read(path) } catch { throw SecretSourceError(message: "password file: \(error)") }
            return Self.droppingNewline(text)
        case .command(let command):
            // As ace-dt: the command's output without surrounding white space.
            return try Self.run(command, environment: environment, timeout: timeout).trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    private static func droppingNewline(_ text: String) -> String {
        var text = text
        if text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    /// Runs `/bin/sh -c COMMAND`; its output is the secret and is never shown, nor its stderr.
    private static func run(_ command: String, environment: [String: String], timeout: TimeInterval) throws -> String {
        let null = FileHandle(forUpdatingAtPath: "/dev/null")
        defer { try? null?.close() }
        let quiet = null?.fileDescriptor ?? -1
        let outcome: HelperOutputReader.Outcome
        do {
            outcome = try HelperOutputReader.capture(executable: "/bin/sh", arguments: ["-c", command], environment: environment,
                                                     standardInput: quiet, standardError: quiet, timeout: timeout)
        } catch {
            throw SecretSourceError(message: "password command: \(error)")
        }
        guard let termination = outcome.termination else {
            throw SecretSourceError(message: "password command did not finish within \(Int(timeout)) s and was stopped")
        }
        guard termination == .exited(0), !outcome.overflowed else {
            throw SecretSourceError(message: "password command exited with status \(termination.status) (its output is not shown)")
        }
        return String(decoding: outcome.data, as: UTF8.self)
    }
}

/// A `-p` value that names no usable secret. Never carries the secret.
public struct SecretSourceError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public var description: String { message }
}
