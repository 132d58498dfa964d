import ArgumentParser
import Foundation

/// ferry: move OCI images and artifacts between registries and across air gaps.
@main
struct Ferry: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ferry",
        abstract: "Move OCI images and artifacts between registries and across air gaps.",
        version: FerryVersionText.value,
        subcommands: [CopyCommand.self, GatherCommand.self, ConfigCommand.self]
    )

    /// Exit codes as DESIGN.md documents them: 0 ok, 1 failure, 2 usage, 3 partial.
    /// swift-argument-parser would exit 64 for usage errors; ferry's scripts expect 2.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                exit(withError: ExitCode(2))
            }
            exit(withError: error)
        }
    }
}
