import ArgumentParser
import OCI

/// Options every command that moves images takes: which platforms, and how many transfers at once.
struct TransferOptions: ParsableArguments {
    @Option(name: [.short, .customLong("platform"), .customLong("platforms")],
            help: "Keep only this platform of multi-arch images (os/arch[/variant]); repeatable.")
    var platforms: [String] = []

    @Option(name: .long, help: "Blob transfers at once.")
    var concurrency = 6

    func validate() throws {
        guard concurrency > 0 else { throw ValidationError("--concurrency must be at least 1") }
        _ = try parsedPlatforms()
    }

    func parsedPlatforms() throws -> [Platform] {
        try platforms.map { text in
            do { return try Platform(parsing: text) } catch { throw ValidationError("\(error)") }
        }
    }
}
