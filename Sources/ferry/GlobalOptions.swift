import ArgumentParser
import Config
import Foundation
import Registry

/// Options every command takes: configuration files and how to report.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Configuration file (YAML, ace-dt compatible); repeatable, later files win.")
    var config: [String] = []

    @Flag(name: [.short, .long], help: "Print only errors.")
    var quiet = false

    @Flag(name: .long, help: "Print progress and the result as JSON lines.")
    var json = false

    /// The configuration files, or ferry's default one when it exists.
    func loadConfiguration() throws -> FerryConfiguration {
        var paths = config
        if paths.isEmpty, let home = ProcessInfo.processInfo.environment["HOME"] {
            let standard = "\(home)/.config/ferry/config.yaml"
            if FileManager.default.fileExists(atPath: standard) { paths = [standard] }
        }
        return paths.isEmpty ? FerryConfiguration() : try FerryConfiguration.load(paths: paths)
    }

    func makeClient() throws -> RegistryClient {
        RegistryClient(options: try RegistryClientOptions(configuration: try loadConfiguration(),
                                                          environment: ProcessInfo.processInfo.environment))
    }
}

enum FerryVersionText {
    static let value = "ferry \(FerryVersion.current)"
}
