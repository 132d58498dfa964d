import ArgumentParser

/// ferry: move OCI images and artifacts between registries and across air gaps.
@main
struct Ferry: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ferry",
        abstract: "Move OCI images and artifacts between registries and across air gaps.",
        version: FerryVersionText.value,
        subcommands: [CopyCommand.self, ConfigCommand.self]
    )
}
