import ArgumentParser
import Config
import Foundation
import Serialize
import TarStream

/// How a stream is written: shared by `serialize` and `archive`.
struct StreamOptions: ParsableArguments {
    @Option(name: [.short, .customLong("block-size")], help: "Bytes per write (tape block size), e.g. 1MiB.")
    var blockSize = "1MiB"

    @Option(name: [.customShort("m"), .customLong("buffer-size")], help: "Memory buffer between reader and writer, e.g. 8MiB (0: one block, as ace-dt's default).")
    var bufferSize = "8MiB"

    @Option(name: .customLong("hwm"), help: "Percent of the buffer to fill before writing starts.")
    var highWaterMark = 90

    @Option(help: "Append a JSON line per durably written blob to this file.")
    var checkpoint: String?

    /// A list flag in ace-dt: `a.jsonl:100,b.jsonl:200` is two checkpoints; parsed once, here.
    @Option(name: [.customLong("existing-from-checkpoint"), .customLong("resume-from-checkpoint")],
            help: "FILE:OFFSET of an earlier stream: its blobs below OFFSET are on the far side; comma-separated, repeatable.",
            transform: { text in try CommaList.items(text).map { try ExistingCheckpoint(argument: $0) } })
    var existingFromCheckpoint: [[ExistingCheckpoint]] = []

    @Flag(help: "Cut DEST back to the last checkpointed entry and continue (regular files; needs --checkpoint).")
    var resume = false

    @Option(help: "Compress the stream: zstd or gzip.")
    var compression: StreamCompression?

    @Flag(name: .customLong("manifest-json"), help: "Also write a docker-save style manifest.json.")
    var manifestJSON = false

    @Flag(inversion: .prefixedNo, help: "Include referrers (signatures, SBOMs) of every manifest.")
    var referrers = true

    func serializeOptions() throws -> SerializeOptions {
        var options = SerializeOptions()
        options.blockSize = try Self.size(blockSize, flag: "--block-size")
        options.bufferSize = (try? ByteSize.parse(bufferSize)) == 0 ? options.blockSize : try Self.size(bufferSize, flag: "--buffer-size")
        options.highWaterMark = highWaterMark
        options.checkpoint = checkpoint
        options.existingCheckpoints = Array(existingFromCheckpoint.joined())
        options.resume = resume
        options.compression = compression ?? .none
        options.manifestJSON = manifestJSON
        options.referrers = referrers
        if resume && checkpoint == nil { throw ValidationError("--resume needs --checkpoint FILE") }
        if checkpoint != nil && options.compression != .none {
            throw ValidationError("--checkpoint cannot be combined with --compression: offsets in a compressed stream cannot be resumed from")
        }
        guard (1...100).contains(highWaterMark) else { throw ValidationError("--hwm \(highWaterMark): a percentage from 1 to 100") }
        guard options.blockSize % 512 == 0 else { throw ValidationError("--block-size \(blockSize): must be a multiple of 512 bytes") }
        return options
    }

    static func size(_ text: String, flag: String) throws -> Int {
        guard let bytes = try? ByteSize.parse(text), bytes > 0, bytes <= 1 << 30 else {
            throw ValidationError("\(flag) \(text): a size such as 1MiB or 512KiB (at most 1GiB)")
        }
        return Int(bytes)
    }
}

extension StreamCompression: ExpressibleByArgument {}

extension StreamOptions {
    /// A tar stream typed out on a terminal is garbage on screen and a lost stream: `-` must be
    /// redirected to a file, a pipe or a device.
    static func checkDestination(_ destination: String) throws {
        guard destination == "-", isatty(STDOUT_FILENO) != 0 else { return }
        throw ValidationError("refusing to write a binary stream to a terminal: redirect standard output (`> FILE`, `| ssh …`) or name a file or tape as DEST")
    }
}
