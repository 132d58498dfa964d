import ArgumentParser
import Config

/// `ferry config --sample`: the commented sample configuration.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Show configuration help.")

    @Flag(name: .long, help: "Print a commented sample configuration file.")
    var sample = false

    func validate() throws {
        guard sample else { throw ValidationError("nothing to do: use --sample") }
    }

    func run() throws {
        Console.out(FerryConfiguration.sampleYAML)
    }
}
