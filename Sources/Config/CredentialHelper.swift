import Foundation
import Streams

/// Runs a docker credential helper (`docker-credential-NAME get`) per the docker-credential-helpers
/// protocol: the server URL on stdin, `{"ServerURL","Username","Secret"}` on stdout, and a non-zero
/// exit with "credentials not found" when the helper has nothing for that server.
struct CredentialHelper {
    /// The helper's suffix as written in `credsStore`/`credHelpers` (`desktop`, `ecr-login`, …).
    let name: String
    /// Environment for the helper, and whose `PATH` is searched for it.
    let environment: [String: String]
    /// How long the helper may take: long enough for a pinentry prompt, short enough that a
    /// helper stuck on a missing terminal does not stall a transfer for good.
    var timeout: TimeInterval = 120

    var program: String { "docker-credential-\(name)" }

    /// The credential the helper holds for `serverURL`, nil when it has none.
    func get(serverURL: String) throws -> RegistryCredential? {
        let executable = try locatedProgram()
        let output = try run(executable, action: "get", input: serverURL)
        // The helper's output is never shown, whatever it exits with: a helper that fails after
        // printing `{"Secret":…}`, or prints a half-written JSON document, hands us the secret.
        guard output.status == 0 else {
            if Self.saysNotFound(output) { return nil }
            throw ConfigError.credentialHelper(name: program, reason: "get exited with status \(output.status) \(Self.hidden)")
        }
        guard let object = try? JSONSerialization.jsonObject(with: output.stdout) as? [String: Any] else {
            throw ConfigError.credentialHelper(name: program, reason: "get did not answer with a JSON object \(Self.hidden)")
        }
        guard let username = Self.string(object["Username"]), let secret = Self.string(object["Secret"]) else {
            throw ConfigError.credentialHelper(name: program, reason: "get answered Username or Secret not as strings \(Self.hidden)")
        }
        if secret.isEmpty && username.isEmpty { return nil }
        // The protocol marks an identity token with the user name "<token>".
        if username == "<token>" { return .identityToken(secret) }
        return .basic(username: username, password: secret)
    }

    /// Hands a credential to the helper (`store`, as `docker login` does).
    func store(serverURL: String, username: String, secret: String) throws {
        let executable = try locatedProgram()
        let request = ["ServerURL": serverURL, "Username": username, "Secret": secret]
        let body = (try? JSONSerialization.data(withJSONObject: request, options: [.sortedKeys])) ?? Data()
        let output = try run(executable, action: "store", input: String(decoding: body, as: UTF8.self))
        guard output.status == 0 else {
            throw ConfigError.credentialHelper(name: program, reason: "store exited with status \(output.status) \(Self.hidden)")
        }
    }

    /// Asks the helper to forget `serverURL`; false when it held nothing for it.
    func erase(serverURL: String) throws -> Bool {
        let executable = try locatedProgram()
        let output = try run(executable, action: "erase", input: serverURL)
        guard output.status == 0 else {
            if Self.saysNotFound(output) { return false }
            throw ConfigError.credentialHelper(name: program, reason: "erase exited with status \(output.status) \(Self.hidden)")
        }
        return true
    }

    /// Said in every error about the helper's answer, so nobody goes looking for it in the logs.
    private static let hidden = "(its output is not shown: it may hold secrets)"

    /// A missing key is an empty string (the helper has nothing); a value of another type is nil.
    private static func string(_ value: Any?) -> String? {
        guard let value else { return "" }
        return value as? String
    }

    /// The protocol's "no credential for this server" answer (on stdout, or stderr for some helpers).
    private static func saysNotFound(_ output: Output) -> Bool {
        let combined = String(decoding: output.stdout, as: UTF8.self) + String(decoding: output.stderr, as: UTF8.self)
        return combined.lowercased().contains("credentials not found")
    }

    private func locatedProgram() throws -> String {
        guard let executable = locate() else {
            throw ConfigError.credentialHelper(name: program, reason: "not found on PATH")
        }
        return executable
    }

    /// The helper's path in the environment's `PATH`, as a shell would find it.
    private func locate() -> String? {
        let directories = (environment["PATH"] ?? "").split(separator: ":", omittingEmptySubsequences: true)
        for directory in directories {
            let candidate = "\(directory)/\(program)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    private struct Output {
        var status: Int32
        var stdout: Data
        var stderr: Data
    }

    /// Runs the helper. Stdin is a pipe filled before the helper starts (the request is small,
    /// and for `store` it holds the secret, which must not touch the disk); a helper that exits
    /// without reading it cannot raise SIGPIPE in ferry. Stderr goes to a file in a private
    /// directory, so a chatty helper cannot fill a pipe and deadlock. Stdout, which carries the
    /// secret, stays in a pipe read in memory. The helper is reaped by pid, and its stdout read
    /// only while it runs: a daemon it leaves holding the pipe (gpg-agent under `pass`) cannot
    /// keep ferry waiting.
    private func run(_ executable: String, action: String, input: String) throws -> Output {
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("ferry-credential-helper-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outcome: HelperOutputReader.Outcome
        let errorURL = scratch.appendingPathComponent("stderr")
        do {
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try Data().write(to: errorURL)
            let stdin = try Self.filledPipe(input)
            let stderr = try FileHandle(forWritingTo: errorURL)
            defer { close(stdin); try? stderr.close() }
            outcome = try HelperOutputReader.capture(
                executable: executable, arguments: [action], environment: environment,
                standardInput: stdin, standardError: stderr.fileDescriptor, timeout: timeout)
        } catch {
            throw ConfigError.credentialHelper(name: program, reason: "could not run \(executable): \(error)")
        }
        guard let termination = outcome.termination else {
            throw ConfigError.credentialHelper(
                name: program, reason: "\(action) did not finish within \(Int(timeout)) s and was stopped; check that it does not wait for input")
        }
        guard !outcome.overflowed else {
            throw ConfigError.credentialHelper(name: program, reason: "\(action) printed more than \(HelperOutputReader.limit) bytes \(Self.hidden)")
        }
        let errors = (try? Data(contentsOf: errorURL)) ?? Data()
        return Output(status: termination.status, stdout: outcome.data, stderr: errors)
    }

    /// The read end of a pipe that already holds `input` and is closed for writing. A pipe holds
    /// 64 KiB before a write blocks; a request is a URL or a small JSON object.
    private static func filledPipe(_ input: String) throws -> Int32 {
        let bytes = Array(input.utf8)
        guard bytes.count < 32 << 10 else { throw ConfigError.credentialHelper(name: "request", reason: "too long") }
        let ends = try ChildProcess.makePipe()
        defer { close(ends.write) }
        if let code = bytes.withUnsafeBytes({ DescriptorWriter.writeAll(ends.write, $0) }) {
            close(ends.read)
            throw ConfigError.credentialHelper(name: "request", reason: String(cString: strerror(code)))
        }
        return ends.read
    }
}
