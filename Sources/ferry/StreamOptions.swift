import ArgumentParser
import Config
import Foundation
import OCI
import Registry
import Serialize
import TarStream

/// How a stream is written: shared by `serialize` and `archive`.
struct StreamOptions: ParsableArguments {
    @Option(name: [.short, .customLong("block-size")], help: "Bytes per write (tape block size), e.g. 1MiB.")
    var blockSize = BlockSize.standard

    @Option(name: [.customShort("m"), .customLong("buffer-size")], help: "Memory buffer between reader and writer, e.g. 8MiB (0: one block, as ace-dt's default).")
    var bufferSize = BufferSize.standard

    @Option(name: .customLong("hwm"), help: "Percent of the buffer to fill before writing starts.")
    var highWaterMark = 90

    @Option(help: "Append a JSON line per durably written blob to this file.")
    var checkpoint: String?

    /// A list flag in ace-dt: `a.jsonl:100,b.jsonl:200` is two checkpoints; parsed once, here.
    @Option(name: [.customLong("existing-from-checkpoint"), .customLong("resume-from-checkpoint")],
            help: "FILE:OFFSET of an earlier stream: its blobs below OFFSET are on the far side; comma-separated, repeatable.",
            transform: { text in try CommaList.items(text).map { try ExistingCheckpoint(argument: $0) } })
    var existingFromCheckpoint: [[ExistingCheckpoint]] = []

    @Option(name: .customLong("existing-from-receipt"),
            help: "A receipt deserialize wrote on the far side: the blobs it lists are left out; repeatable.")
    var existingFromReceipt: [String] = []

    @Option(help: "Write a receipt (JSON: the stream's sha256 and size, every entry, the sources) once the stream is complete; - for stdout when DEST is not.")
    var receipt: String?

    @Flag(help: "Cut DEST back to the last checkpointed entry and continue (regular files; needs --checkpoint).")
    var resume = false

    @Option(help: "Compress the stream: zstd or gzip.")
    var compression: StreamCompression?

    @Option(help: "Write DEST.000, DEST.001, … of at most this size each (a multiple of the block size, e.g. 4GiB) instead of DEST.")
    var split: SplitSize?

    @Flag(name: .customLong("manifest-json"), help: "Also write a docker-save style manifest.json.")
    var manifestJSON = false

    @Flag(inversion: .prefixedNo, help: "Include referrers (signatures, SBOMs) of every manifest.")
    var referrers = true

    /// What the flags together allow; each value alone was checked as it was parsed.
    func validate() throws {
        if resume && checkpoint == nil { throw ValidationError("--resume needs --checkpoint FILE") }
        if resume && receipt != nil {
            throw ValidationError(Self.receiptWhenResuming)
        }
        guard (1...100).contains(highWaterMark) else { throw ValidationError("--hwm \(highWaterMark): a percentage from 1 to 100") }
        guard blockSize.bytes % 512 == 0 else { throw ValidationError("--block-size \(blockSize): must be a multiple of 512 bytes") }
        if let split, split.bytes < blockSize.bytes || split.bytes % blockSize.bytes != 0 {
            throw ValidationError("--split \(split): must be a multiple of the block size (\(blockSize), -b) and at least one block")
        }
    }

    /// The stage's options (the tool version is the command's to set).
    var serializeOptions: SerializeOptions {
        var options = SerializeOptions()
        options.blockSize = Int(blockSize.bytes)
        options.bufferSize = bufferSize.bytes == 0 ? options.blockSize : Int(bufferSize.bytes)
        options.highWaterMark = highWaterMark
        options.checkpoint = checkpoint
        options.existingCheckpoints = Array(existingFromCheckpoint.joined())
        options.resume = resume
        options.existingReceipts = existingFromReceipt
        options.receipt = receipt
        options.compression = compression ?? .none
        options.split = split?.bytes
        options.manifestJSON = manifestJSON
        options.referrers = referrers
        options.toolVersion = FerryVersion.current
        return options
    }
}

extension StreamCompression: ExpressibleByArgument {}

extension StreamOptions {
    static let receiptOnStandardOutput = "--receipt -: the stream goes to stdout (DEST is -); write the receipt to a file"
    static let receiptWhenResuming = "--receipt cannot be combined with --resume: the resumed run does not read the kept part of DEST; check the finished file with ferry verify instead"

    /// The receipt and the stream cannot share standard output.
    func checkReceipt(destination: String) throws {
        if receipt == "-" && destination == "-" { throw ValidationError(Self.receiptOnStandardOutput) }
    }

    /// The destination checks of `serialize` and `archive`: no terminal, and `--split` writes files.
    func checkDestination(_ destination: String) throws {
        try Self.checkDestination(destination)
        guard split != nil else { return }
        var info = stat()
        if destination == "-" || (stat(destination, &info) == 0 && info.st_mode & S_IFMT != S_IFREG) {
            let what = destination == "-" ? "stdout" : "\(destination) is not a regular file (a device or a directory)"
            throw ValidationError("--split writes regular files DEST.000, DEST.001, …, not to \(what): give a file name as DEST")
        }
    }

    /// A tar stream typed out on a terminal is garbage on screen and a lost stream: `-` must be
    /// redirected to a file, a pipe or a device.
    static func checkDestination(_ destination: String) throws {
        guard destination == "-", isatty(STDOUT_FILENO) != 0 else { return }
        throw ValidationError("refusing to write a binary stream to a terminal: redirect standard output (`> FILE`, `| ssh …`) or name a file or tape as DEST")
    }
}
