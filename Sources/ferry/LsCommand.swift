import ArgumentParser
import Config
import Foundation
import Gather
import Inspect
import OCI
import Store
import Streams
import Workflows

/// `ferry ls SOURCE`: the images of a set, without moving it.
struct LsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ls",
        abstract: "List the images of a set without moving it: a stream, an OCI layout or a gather reference.",
        discussion: """
        SOURCE is a serialized stream (a file, a tape device, or - for stdin; plain, gzip or zstd), oci:DIR[:TAG], or a gather reference in a registry (REF or docker://REF). A stream is read offline in one pass, without extracting it and without a registry.

        Each image: the source reference as gathered, digest, media type, platforms, total size (manifests, configs and layers, each blob once) and how many referrers (signatures, SBOMs) it has.

        -o takes table, csv or json, each optionally =FILE (`-o table,json=set.json`).

        Exit codes: 0 ok, 1 failure, 2 usage.
        """)

    @Argument(help: "A stream file, - (stdin), a tape device, oci:DIR[:TAG] or a gather REF.")
    var source: String

    @Option(name: [.short, .long], help: "table, csv or json, each optionally =FILE; comma list, repeatable.",
            transform: { try DiffOutput.parse($0) })
    var output: [[DiffOutput]] = []

    @Option(name: [.short, .customLong("block-size")], help: "Bytes per read of a stream (at least the tape's block size).")
    var blockSize = BlockSize.standard

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await CommandOutcome.run(naming: source) {
            let contents = try await open()
            let root = try await contents.root()
            let listed: [GatherListing.Entry]
            do {
                listed = try await GatherListing.entries(of: root, in: contents, expand: false)
            } catch GatherListingError.notAGatherArtifact {
                listed = []
            }
            var images: [ImageDetails] = []
            for entry in listed {
                images.append(try await ImageDetails.read(reference: entry.reference, descriptor: entry.descriptor, in: contents))
            }
            if listed.isEmpty {
                // A single image (serialized or copied without gather): listed as itself.
                let name = root.annotations?[AnnotationKey.refName] ?? source
                images.append(try await ImageDetails.read(reference: name, descriptor: root.descriptor, in: contents))
            }
            for target in output.isEmpty ? [DiffOutput(format: .table, file: nil)] : output.flatMap({ $0 }) {
                try target.write(LsTable.render(images, as: target.format))
            }
        }
    }

    /// A stream is scanned; anything else is opened where it lies.
    private func open() async throws -> any ContentSource {
        guard Self.isStream(source) else {
            let location = try ImageLocation(parsing: source)
            return try ContentFactory.source(location, client: try global.makeClient())
        }
        let path = source, size = Int(blockSize.bytes)
        let scan = try await runOnThread { try StreamScanner.scan(path, blockSize: size) }
        for problem in scan.problems.prefix(3) { Console.err("ferry: warning: \(problem) (run ferry verify for all)\n") }
        return StreamContents(scan)
    }

    /// `-`, or a path that exists and is no directory (a layout is named `oci:DIR`).
    static func isStream(_ source: String) -> Bool {
        if source == "-" { return true }
        if source.hasPrefix("oci:") { return false }
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: source, isDirectory: &isDirectory) && !isDirectory.boolValue
    }
}
