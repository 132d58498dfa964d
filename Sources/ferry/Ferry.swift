import ArgumentParser
import CLinux
import Foundation

/// ferry: move OCI images and artifacts between registries and across air gaps.
@main
struct Ferry: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ferry",
        abstract: "Move OCI images and artifacts between registries and across air gaps.",
        version: FerryVersionText.value,
        subcommands: [CopyCommand.self, GatherCommand.self, SerializeCommand.self, DeserializeCommand.self,
                      ScatterCommand.self, CloneCommand.self, ArchiveCommand.self, UnarchiveCommand.self,
                      ConfigCommand.self]
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
        _ = ferry_limit_malloc_arenas(2)
        do {
            var command = try parseAsRoot()
            if let asyncCommand = command as? any AsyncParsableCommand {
                try await InterruptibleRun.run(asyncCommand)
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

/// Runs a command so that Ctrl-C or SIGTERM cancels it: transfers stop, temporary files are
/// removed, and nothing half-written stays visible. A second signal exits at once.
enum InterruptibleRun {
    static func run(_ command: sending any AsyncParsableCommand) async throws {
        let task = Task {
            var command = command
            try await command.run()
        }
        let sources = [SIGINT, SIGTERM].map { signalNumber -> DispatchSourceSignal in
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            let interrupted = InterruptCount()
            source.setEventHandler {
                if interrupted.increment() > 1 { exit(130) }
                FileHandle.standardError.write(Data("\nferry: interrupted, stopping transfers (again to quit at once)\n".utf8))
                task.cancel()
            }
            source.resume()
            return source
        }
        defer { sources.forEach { $0.cancel() } }
        do {
            try await task.value
        } catch where task.isCancelled {
            throw ExitCode(130)
        }
    }
}

/// Counts signals across handler invocations.
private final class InterruptCount: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() -> Int { lock.lock(); defer { lock.unlock() }; count += 1; return count }
}
