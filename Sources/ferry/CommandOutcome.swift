import ArgumentParser

/// How a command without a progress reporter ends on an error: one `ferry: error:` line and
/// exit 1. An exit code a composed command already chose (after printing its own error), and a
/// usage error (exit 2), pass through unchanged.
enum CommandOutcome {
    static func run(naming subject: String? = nil, _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch {
            throw report(error, naming: subject)
        }
    }

    static func run(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch {
            throw report(error, naming: nil)
        }
    }

    private static func report(_ error: any Error, naming subject: String?) -> any Error {
        if error is ExitCode || error is ValidationError { return error }
        Console.err("ferry: error: \(subject.map { "\($0): " } ?? "")\(CommandLineMessage.text(error))\n")
        return ExitCode.failure
    }
}

/// A command's own reason to stop, in one line.
struct CommandError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
