import ArgumentParser
import Config
import Foundation
import Registry
import Serialize
import Store
import TarStream

/// `ferry serialize IMAGE DEST [EXISTING-IMAGE...]`: a gather result as one tape-safe tar stream.
struct SerializeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serialize",
        abstract: "Write an image set as one tar stream to a file, stdout or a tape.",
        discussion: """
        IMAGE is a gather result (REF or oci:DIR[:TAG]); DEST a file, - for stdout, or a tape device. Every write to DEST is exactly --block-size bytes. Blobs of the EXISTING-IMAGE arguments, and blobs below OFFSET in --existing-from-checkpoint files, are left out: the far side has them.

        Exit codes: 0 ok, 1 failure, 2 usage, 130 interrupted.
        """)

    @Argument(help: "The image set: REF, docker://REF or oci:DIR[:TAG].")
    var image: String

    @Argument(help: "Destination: a file, - (stdout) or a tape device such as /dev/nst0.")
    var destination: String

    @Argument(help: "Images the far side already has (their blobs are left out).")
    var existingImages: [String] = []

    @Option(name: [.short, .customLong("block-size")], help: "Bytes per write (tape block size), e.g. 1MiB.")
    var blockSize = "1MiB"

    @Option(name: [.customShort("m"), .customLong("buffer-size")], help: "Memory buffer between reader and writer, e.g. 16MiB.")
    var bufferSize = "16MiB"

    @Option(name: .customLong("hwm"), help: "Percent of the buffer to fill before writing starts.")
    var highWaterMark = 90

    @Option(help: "Append a JSON line per durably written blob to this file.")
    var checkpoint: String?

    @Option(name: [.customLong("existing-from-checkpoint"), .customLong("resume-from-checkpoint")],
            help: "FILE:OFFSET of an earlier stream: its blobs below OFFSET are on the far side; repeatable.")
    var existingFromCheckpoint: [String] = []

    @Flag(help: "Cut DEST back to the last checkpointed entry and continue (regular files; needs --checkpoint).")
    var resume = false

    @Option(help: "Compress the stream: zstd or gzip.")
    var compression: StreamCompression?

    @Flag(name: .customLong("manifest-json"), help: "Also write a docker-save style manifest.json.")
    var manifestJSON = false

    @Flag(inversion: .prefixedNo, help: "Include referrers (signatures, SBOMs) of every manifest.")
    var referrers = true

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        _ = try options()
        _ = try ImageLocation.parsingForCLI(image)
    }

    func run() async throws {
        let report = Reporter(quiet: global.quiet, json: global.json, outputIsData: destination == "-")
        do {
            let client = try global.makeClient()
            let location = try ImageLocation.parsingForCLI(image)
            let source = try ContentFactory.source(location, client: client)
            let existing = try existingImages.map { try ContentFactory.source(try ImageLocation.parsingForCLI($0), client: client) }
            let serializer = Serializer(source: source, reference: Self.refName(location), existing: existing, options: try options()) { report.serializeEvent($0) }
            let summary = try await serializer.run(to: destination)
            report.serialized(summary, image: image, destination: destination)
        } catch {
            report.fail(error)
            throw ExitCode.failure
        }
    }

    private func options() throws -> SerializeOptions {
        var options = SerializeOptions()
        options.blockSize = try Self.size(blockSize, flag: "--block-size")
        options.bufferSize = try Self.size(bufferSize, flag: "--buffer-size")
        options.highWaterMark = highWaterMark
        options.checkpoint = checkpoint
        options.existingCheckpoints = try existingFromCheckpoint.map { text in
            do { return try ExistingCheckpoint(parsing: text) } catch { throw ValidationError("\(error)") }
        }
        options.resume = resume
        options.compression = compression ?? .none
        options.manifestJSON = manifestJSON
        options.referrers = referrers
        options.toolVersion = FerryVersion.current
        if resume && checkpoint == nil { throw ValidationError("--resume needs --checkpoint FILE") }
        if checkpoint != nil && compression != nil && compression != StreamCompression.none {
            throw ValidationError("--checkpoint cannot be combined with --compression: offsets in a compressed stream cannot be resumed from")
        }
        guard (1...100).contains(highWaterMark) else { throw ValidationError("--hwm \(highWaterMark): a percentage from 1 to 100") }
        return options
    }

    /// The root's `org.opencontainers.image.ref.name` in index.json: the reference as written for a
    /// registry (as ace-dt), the tag for a layout, so `oci-archive:FILE:NAME` readers find it.
    static func refName(_ location: ImageLocation) -> String {
        switch location {
        case .registry(let reference): return reference.description
        case .layout(_, let tag): return tag ?? "latest"
        }
    }

    static func size(_ text: String, flag: String) throws -> Int {
        guard let bytes = try? ByteSize.parse(text), bytes > 0, bytes <= 1 << 30 else {
            throw ValidationError("\(flag) \(text): a size such as 1MiB or 512KiB (at most 1GiB)")
        }
        return Int(bytes)
    }
}

extension StreamCompression: ExpressibleByArgument {}

extension ImageLocation {
    /// Parses a command-line location; a bad one is a usage error.
    static func parsingForCLI(_ text: String) throws -> ImageLocation {
        do { return try ImageLocation(parsing: text) } catch { throw ValidationError("\(error)") }
    }
}
