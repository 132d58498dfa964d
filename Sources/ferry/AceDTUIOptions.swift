import ArgumentParser
import Config
import Foundation

/// Flags every `ace-dt mirror` command takes, accepted with ace-dt's meaning so its scripts run.
struct AceDTUIOptions: ParsableArguments {
    @Flag(name: [.short, .long], help: "Bring referrers (ace-dt's flag; ferry does this by default, --no-referrers turns it off).")
    var recursive = false

    @Flag(name: .customLong("no-term"), help: "No live progress line: plain progress lines, as when standard error is not a terminal.")
    var noTerm = false

    @Option(name: .customLong("debug"), help: "Append every progress event (the --json lines) to this file.")
    var debugPath: String?

    @Flag(name: .short, help: "A level more detail, as ace-dt's -v (one -v is the default, warn); -vv (info) or more prints every progress event on standard error.")
    var verboseCount: Int

    @Option(name: .customLong("verbosity"),
            help: "ace-dt's log level: error, warn, info, debug or a number (4 a level); info or more prints every progress event on standard error. Default $FERRY_VERBOSITY or $ACE_DT_VERBOSITY.")
    var verbosity: [String] = []

    /// ace-dt writes a level as `-v=8`; swift-argument-parser reads `-v` as a flag only, so that
    /// spelling becomes `--verbosity=8` before parsing (`-v`, `-vv` stay flags). pflag's other
    /// spellings are rewritten too (`AceDTSpelling`).
    ///
    /// ace-dt's command lines also name the group (`ace-dt mirror gather …`) and may put UI flags
    /// before it (`ace-dt -v=info mirror gather …`): `mirror` is dropped, and flags before it move
    /// behind the command name, where ferry's options belong. `ace-dt util prune` is
    /// `ferry cache prune`.
    static func normalized(_ arguments: [String]) -> [String] {
        let rewritten = AceDTSpelling.rewritten(arguments).map { $0.hasPrefix("-v=") ? "--verbosity=" + $0.dropFirst(3) : $0 }
        let leading = rewritten.prefix { $0.hasPrefix("-") }
        let rest = Array(rewritten.dropFirst(leading.count))
        let name: [String]
        let tail: ArraySlice<String>
        switch (rest.first, rest.dropFirst().first) {
        case ("mirror", let command?):
            (name, tail) = ([command], rest.dropFirst(2))
        case ("mirror", nil):
            return Array(leading) + ["--help"]
        case ("util", "prune"):
            (name, tail) = (["cache", "prune"], rest.dropFirst(2))
        default:
            return rewritten
        }
        return name + leading + tail
    }

    func validate() throws {
        let opened = ReportSettings.shared.set(noTerm: noTerm, debugPath: debugPath, eventsOnStderr: try detail() >= Verbosity.info)
        if let debugPath, !opened {
            throw ValidationError("--debug \(debugPath): cannot create the file")
        }
    }

    /// The summed level as ace-dt computes it: each `-v` is "warn" (4), `--verbosity` values add up,
    /// and with neither the environment's value (or "warn") stands alone.
    func detail(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Int {
        var values = Array(repeating: "warn", count: verboseCount)
            + (try verbosity.flatMap { text in try CommaList.items(text) })
        if values.isEmpty { values = [environment["FERRY_VERBOSITY"] ?? environment["ACE_DT_VERBOSITY"] ?? "warn"] }
        return try values.reduce(0) { sum, value in
            guard let level = Verbosity.level(value) else {
                throw ValidationError("--verbosity \(value): error, warn, info, debug or a whole number")
            }
            return sum + level
        }
    }
}

/// ace-dt's verbosity names and their numbers.
enum Verbosity {
    static let info = 8

    static func level(_ text: String) -> Int? {
        switch text.lowercased() {
        case "error": return 0
        case "warn": return 4
        case "info": return 8
        case "debug": return 12
        default: return Int(text)
        }
    }
}

/// How reports are printed in this process, set once from the command line before the command
/// runs and read by every `Reporter`.
final class ReportSettings: @unchecked Sendable {
    static let shared = ReportSettings()
    // Invariant: the stored values are only touched with `lock` held.
    private let lock = NSLock()
    private var noTermValue = false
    private var debugFD: Int32 = -1
    private var eventsOnStderrValue = false

    /// Returns whether the `--debug` file (if any) is open for appending (created if missing).
    @discardableResult
    func set(noTerm: Bool, debugPath: String?, eventsOnStderr: Bool) -> Bool {
        lock.lock(); defer { lock.unlock() }
        noTermValue = noTerm
        eventsOnStderrValue = eventsOnStderr
        if let debugPath, debugFD < 0 { debugFD = open(debugPath, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644) }
        return debugPath == nil || debugFD >= 0
    }

    var noTerm: Bool { lock.lock(); defer { lock.unlock() }; return noTermValue }

    /// True when events are wanted beyond `--json`: a `--debug` file or a high verbosity.
    var wantsEvents: Bool { lock.lock(); defer { lock.unlock() }; return debugFD >= 0 || eventsOnStderrValue }

    /// Writes one event line to the `--debug` file and, at high verbosity, standard error.
    func record(_ line: String) {
        lock.lock(); defer { lock.unlock() }
        if eventsOnStderrValue { Console.err(line + "\n") }
        guard debugFD >= 0 else { return }
        _ = Console.write(line + "\n", to: debugFD)
    }
}
