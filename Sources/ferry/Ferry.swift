import ArgumentParser
import Foundation
import Registry
import Streams

/// ferry: move OCI images and artifacts between registries and across air gaps.
@main
struct Ferry: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ferry",
        abstract: "Move OCI images and artifacts between registries and across air gaps.",
        version: FerryVersionText.value,
        subcommands: [CopyCommand.self, GatherCommand.self, SerializeCommand.self, DeserializeCommand.self,
                      ScatterCommand.self, DiffCommand.self, LsCommand.self, VerifyCommand.self, BatchSerializeCommand.self, BatchDeserializeCommand.self, CloneCommand.self, ArchiveCommand.self, UnarchiveCommand.self,
                      LoginCommand.self, LogoutCommand.self, CacheCommand.self, ConfigCommand.self, ServeCommand.self]
    )

    /// Exit codes as DESIGN.md documents them: 0 ok, 1 failure, 2 usage, 3 partial.
    /// swift-argument-parser would exit 64 for usage errors; ferry's scripts expect 2.
    static func main() async {
        // A stream reader that goes away (`ferry serialize IMAGE - | head`) must give a clear
        // "broken pipe" error and exit 1, not kill ferry silently with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        // Every transfer runs on a thread of its own; glibc would give busy threads malloc arenas
        // of their own and keep their freed memory resident. CLinux caps them at two before main
        // runs (a 60-image gather: 70 -> 59 MiB); this call only repeats it, and links CLinux.
        LinuxCalls.limitMallocArenas(2)
        let arguments = AceDTUIOptions.normalized(Array(CommandLine.arguments.dropFirst()))
        if let unknown = UsageMessage.unknownCommand(arguments) {
            Console.err(unknown + "\n", always: true)
            exit(withError: ExitCode(2))
        }
        do {
            var command = try parseAsRoot(arguments)
            if let asyncCommand = command as? any AsyncParsableCommand {
                try await InterruptibleRun.run(asyncCommand)
            } else {
                try InterruptibleRun.conclude(Result { try command.run() })
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                Console.err(UsageMessage.text(for: error) + "\n", always: true)
                exit(withError: ExitCode(2))
            }
            exit(withError: error)
        }
    }
}

/// Runs a command so that Ctrl-C or SIGTERM cancels it: transfers stop, temporary files are
/// removed, and nothing half-written stays visible. The run then ends with `ferry: interrupted`
/// and exit 130, and nothing else (the command's own error is only the cancellation's echo). A
/// second signal exits at once, removing ferry's temporary directories on the way out. A reader
/// of standard output that goes away stops the run the same way, with exit 1.
enum InterruptibleRun {
    static func run(_ command: sending any AsyncParsableCommand) async throws {
        let control = RunControl.shared
        let task = Task {
            var command = command
            try await command.run()
        }
        control.attach { task.cancel() }
        let sources = [SIGINT, SIGTERM].map { signalNumber -> DispatchSourceSignal in
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                guard control.trip(.interrupted) else {
                    ScratchDirectory.removeAll()
                    exit(130)
                }
                Console.err("\nferry: interrupted\n", always: true)
            }
            source.resume()
            return source
        }
        defer { sources.forEach { $0.cancel() } }
        try conclude(await task.result)
    }

    /// The command's outcome, unless the run was stopped: then the stop's one message and code.
    static func conclude(_ outcome: Result<Void, any Error>) throws {
        switch RunControl.shared.stopped {
        case .interrupted?:
            throw ExitCode(130)
        case .outputClosed(let code)?:
            Console.err("ferry: error: standard output was closed by its reader (\(String(cString: strerror(code)))); stopped\n", always: true)
            throw ExitCode.failure
        case nil:
            try outcome.get()
        }
    }
}
