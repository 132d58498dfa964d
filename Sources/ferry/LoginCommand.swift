import ArgumentParser
import Config
import Foundation
import Registry

/// `ferry login REGISTRY`: keeps a credential where every ferry run, docker, podman, skopeo and
/// ace-dt look for it (ace-dt's `login`, same flags and output).
struct LoginCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login",
        abstract: "Keep credentials for a registry (checked against it first).",
        discussion: """
        The credential goes to the config's registryAuthFile, else $DOCKER_CONFIG/config.json or ~/.docker/config.json; when that file names a credential helper for the registry (credHelpers, credsStore), to the helper. The password is never an argument: -p names where it comes from (env:NAME or NAME, file:PATH, cmd:COMMAND), or --password-stdin reads it, or a terminal prompts for it.

        Exit codes: 0 ok, 1 failure (refused, unreachable, not written), 2 usage.
        """)

    @Argument(help: "Registry host[:port].")
    var registry: String

    @Option(name: [.short, .long], help: "User name (prompted for on a terminal when missing).")
    var username: String?

    @Option(name: [.short, .long], help: "Where the password comes from: env:NAME (or NAME), file:PATH or cmd:COMMAND.",
            transform: { try SecretSource(parsing: $0) })
    var password: SecretSource?

    @Flag(name: .long, help: "Read the password from standard input.")
    var passwordStdin = false

    @Flag(name: .long, help: "Store the credential without checking it against the registry.")
    var noAuthCheck = false

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if password != nil && passwordStdin {
            throw ValidationError("--password and --password-stdin exclude each other: give the password one way")
        }
        if passwordStdin && username == nil {
            throw ValidationError("--password-stdin needs --username (standard input carries the password)")
        }
    }

    func run() async throws {
        try await CommandOutcome.run {
            let host = CredentialWriter.registryHost(registry)
            let user = try username ?? TerminalPrompt.line("Username: ")
            let secret = try readPassword()
            guard !secret.isEmpty else { throw CommandError("the password is empty") }
            let configuration = try global.loadConfiguration()
            let store = CredentialStore(authFile: configuration.registryAuthFile)
            if !noAuthCheck {
                var pinned = store
                pinned.pinned[host] = .basic(username: user, password: secret)
                var options = try RegistryClientOptions(configuration: configuration, environment: ProcessInfo.processInfo.environment)
                options.credentials = pinned
                try await RegistryClient(options: options).checkCredentials(registry: host)
            }
            try CredentialWriter(store: store).save(username: user, password: secret, registry: host)
            if !global.quiet { Console.out(noAuthCheck ? "Credentials stored\n" : "Login successful\n") }
        }
    }

    private func readPassword() throws -> String {
        if passwordStdin {
            var text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            if text.hasSuffix("\n") { text.removeLast() }
            if text.hasSuffix("\r") { text.removeLast() }
            return text
        }
        if let password {
            do { return try password.resolve(environment: ProcessInfo.processInfo.environment) } catch {
                throw CommandError("--password: \(error)")
            }
        }
        return try TerminalPrompt.hidden("Password: ")
    }
}

/// `ferry logout REGISTRY`: forgets what `ferry login` (or docker login) kept.
struct LogoutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logout",
        abstract: "Forget the credentials kept for a registry.",
        discussion: "Removes the registry from the file ferry login writes, and from the credential helper that file names for it.")

    @Argument(help: "Registry host[:port].")
    var registry: String

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await CommandOutcome.run {
            let configuration = try global.loadConfiguration()
            let writer = CredentialWriter(store: CredentialStore(authFile: configuration.registryAuthFile))
            let removed = try writer.remove(registry: CredentialWriter.registryHost(registry))
            if !global.quiet { Console.out(removed ? "logout completed\n" : "not logged in to \(registry)\n") }
        }
    }
}
