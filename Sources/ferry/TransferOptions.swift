import ArgumentParser
import Config
import OCI

/// Options every command that moves images takes: which platforms, and how many transfers at once.
struct TransferOptions: ParsableArguments {
    /// ace-dt's `-p` is a list flag: `-p linux/amd64,linux/arm64` is two platforms, and repeating
    /// the flag adds more. Each value is parsed once, here.
    @Option(name: [.short, .customLong("platform"), .customLong("platforms")],
            help: "Keep only these platforms of multi-arch images (os/arch[/variant], comma-separated); repeatable.",
            transform: TransferOptions.platformList)
    var platforms: [[Platform]] = []

    @OptionGroup var transfers: ConcurrencyOptions

    /// See `ConcurrencyOptions.value`.
    func concurrency(_ global: GlobalOptions) throws -> Int { try transfers.value(global) }

    /// Every `-p` value's platforms, in order.
    var selectedPlatforms: [Platform] { platforms.flatMap { $0 } }

    static func platformList(_ text: String) throws -> [Platform] {
        try CommaList.items(text).map { try Platform(parsing: $0) }
    }
}
