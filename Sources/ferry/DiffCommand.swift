import ArgumentParser
import Config
import Foundation
import Gather
import OCI
import Store
import Workflows

/// `ferry diff ARTIFACT [EXISTING…]`: the images of a gather artifact, less those already
/// somewhere else (ace-dt's `mirror diff`).
struct DiffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "List the images of a gather artifact, leaving out those EXISTING images hold.",
        discussion: """
        ARTIFACT is what gather or deserialize produced: REF, docker://REF or oci:DIR[:TAG]. Each EXISTING image (same forms) leaves out its own digest and, when it is a gather artifact too, every image it holds — so `ferry diff reg/data:sync-45 reg/data:sync-44` lists what sync-45 adds.

        -o takes table, csv or json, each optionally =FILE (`-o table,json=out.json`); outputs are written in the order given.

        Exit codes: 0 ok, 1 failure, 2 usage.
        """)

    @Argument(help: "The gather artifact: REF, docker://REF or oci:DIR[:TAG].")
    var artifact: ImageArgument

    @Argument(help: "Images whose content is left out of the list.")
    var existing: [ImageArgument] = []

    @Option(name: [.short, .long], help: "table, csv or json, each optionally =FILE; comma list, repeatable.",
            transform: { try DiffOutput.parse($0) })
    var output: [[DiffOutput]] = []

    @Flag(name: .long, help: "Open gather artifacts nested in ARTIFACT and list their images.")
    var expand = false

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await CommandOutcome.run(naming: artifact.text) {
            let client = try global.makeClient()
            let source = try ContentFactory.source(artifact.location, client: client)
            var covered: Set<Digest> = []
            for location in existing {
                let other = try ContentFactory.source(location.location, client: client)
                covered.formUnion(try await GatherListing.covered(by: try await other.root(), in: other))
            }
            let entries = try await GatherListing.entries(of: try await source.root(), in: source, expand: expand, excluding: covered)
            guard !entries.isEmpty else {
                Console.out("No artifacts found for \(artifact)\n")
                return
            }
            for target in output.isEmpty ? [DiffOutput(format: .table, file: nil)] : output.flatMap({ $0 }) {
                try target.write(target.format.render(entries))
            }
        }
    }
}
