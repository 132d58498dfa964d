import ArgumentParser
import Foundation
import Inspect
import Streams

/// `ferry verify STREAM`: an offline check of a serialized stream, before or after it crossed.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a serialized stream offline: every digest and size, every manifest complete, the root present.",
        discussion: """
        STREAM is a file, - for stdin, or a tape device; plain, gzip or zstd. Nothing is extracted and no registry is asked. With --receipt (the receipt serialize wrote), the stream's sha256 and size and every entry must also match it. Blobs a stream leaves out because the far side has them are accepted when the serialize receipt lists them or an --existing-from-receipt (a deserialize receipt) holds them.

        Exit codes: 0 sound (one summary line), 1 a problem (each bad or missing object named, with what was expected and what was read), 2 usage.
        """)

    @Argument(help: "The stream: a file, - (stdin) or a tape device.")
    var stream: String

    @Option(help: "The serialize receipt written with the stream: compare against it.")
    var receipt: String?

    @Option(name: .customLong("existing-from-receipt"), help: "A deserialize receipt: blobs the far side holds may be absent; repeatable.")
    var existingFromReceipt: [String] = []

    @Option(name: [.short, .customLong("block-size")], help: "Bytes per read (at least the tape's block size).")
    var blockSize = BlockSize.standard

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if stream == "-" && (receipt == "-" || existingFromReceipt.contains("-")) {
            throw ValidationError("the stream is read from stdin: name the receipt as a file")
        }
    }

    func run() async throws {
        var verifier = StreamVerifier()
        verifier.receipt = receipt
        verifier.farSideReceipts = existingFromReceipt
        verifier.blockSize = Int(blockSize.bytes)
        try await CommandOutcome.run(naming: stream) {
            let (scan, problems) = try await runOnThread { [verifier, stream] in try verifier.run(stream) }
            guard problems.isEmpty else {
                for problem in problems { Console.out("bad: \(problem)\n") }
                // Blobs missing from a stream that is whole were most likely left out on purpose.
                let unexplained = receipt == nil && existingFromReceipt.isEmpty && !problems.contains { $0.object == "stream" }
                    && problems.contains { $0.reason.hasPrefix("missing: ") && $0.object.hasPrefix("blobs/") }
                let hint = unexplained ? "; blobs left out because the far side has them are accepted with --receipt or --existing-from-receipt" : ""
                throw CommandError("\(problems.count) problem\(problems.count == 1 ? "" : "s") found\(hint)")
            }
            let blobs = scan.entries.count { ScannedEntry.blobDigest(ofPath: $0.path) != nil }
            let checked = receipt == nil ? "" : ", matches its receipt"
            Console.out("ok: \(stream): \(scan.entries.count) entries (\(blobs) blobs, \(scan.manifests.count) of them manifests), root \(scan.root?.digest.description ?? "?"), "
                        + "\(scan.streamSize) bytes, \(scan.streamDigest?.description ?? "")\(checked)\n")
        }
    }
}
