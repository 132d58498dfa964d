import Foundation
import TestSupport

/// Runs the built `ferry` executable as a user would.
enum FerryBinary {
    /// The binary next to the test bundle (`.build/<config>/ferry`), or `$FERRY_BIN`.
    static var path: String {
        if let explicit = ProcessInfo.processInfo.environment["FERRY_BIN"] { return explicit }
        var directory = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("ferry").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/ferry").path
    }

    /// One directory per test process for the configs and homes of the runs, removed when the
    /// process exits: the suite leaves nothing in the temporary directory.
    static let scratch: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-binary-runs-\(getpid())")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: FerryBinary.scratch) }
        return url
    }()

    /// Runs ferry with a config that pins the test registries to plain HTTP.
    static func run(_ arguments: [String], plainHosts: [String] = [], environment extra: [String: String] = [:]) throws -> TestTools.Result {
        var args = arguments
        if !plainHosts.isEmpty {
            let config = scratch.appendingPathComponent("ferry-config-\(UUID().uuidString).yaml")
            var yaml = "apiVersion: config.dt.act3-ace.io/v1alpha1\nkind: Configuration\nregistryConfig:\n  registries:\n"
            for host in plainHosts { yaml += "    \"\(host)\":\n      endpoints: [\"http://\(host)\"]\n" }
            try Data(yaml.utf8).write(to: config)
            args += ["--config", config.path]
        }
        var environment = ProcessInfo.processInfo.environment
        // No user config, credentials or blob-location cache leak in.
        environment["HOME"] = scratch.appendingPathComponent("ferry-home-\(UUID().uuidString)").path
        environment["XDG_CACHE_HOME"] = nil
        environment.merge(extra) { $1 }
        return try TestTools.run(path, args, environment: environment)
    }
}
