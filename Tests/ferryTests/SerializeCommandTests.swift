import ClientTestSupport
import Streams
import Foundation
import OCI
import Testing
import TestSupport

/// An OCI layout written file by file (no ferry code): one image tagged "v1" with `layers` random
/// layers of `layerSize` bytes, so runs are long enough to be interrupted.
struct LayoutOnDisk {
    let directory: URL
    let image: TestImage

    init(layers: Int, layerSize: Int, seed: UInt64) throws {
        directory = try TestTools.makeTempDirectory("ferry-serialize-src")
        image = try TestImage(layerSizes: Array(repeating: layerSize, count: layers), seed: seed)
        let blobs = directory.appendingPathComponent("blobs/sha256")
        try FileManager.default.createDirectory(at: blobs, withIntermediateDirectories: true)
        for (digest, data) in image.blobs.map({ ($0.descriptor.digest, $0.data) }) + [(image.manifest.digest, image.manifest.bytes)] {
            try data.write(to: blobs.appendingPathComponent(digest.encoded))
        }
        let root = image.manifest.descriptor
        let index = #"{"schemaVersion":2,"manifests":[{"mediaType":"\#(root.mediaType)","digest":"\#(root.digest)","size":\#(root.size),"annotations":{"org.opencontainers.image.ref.name":"v1"}}]}"#
        try Data(index.utf8).write(to: directory.appendingPathComponent("index.json"))
        try Data(#"{"imageLayoutVersion":"1.0.0"}"#.utf8).write(to: directory.appendingPathComponent("oci-layout"))
    }

    var reference: String { "oci:\(directory.path):v1" }
}

@Suite struct SerializeCommandTests {
    static func scratch() throws -> URL { try TestTools.makeTempDirectory("ferry-serialize-out") }

    @Test func usageErrorsExitTwo() throws {
        let layout = try LayoutOnDisk(layers: 1, layerSize: 100, seed: 1)
        let out = try Self.scratch().appendingPathComponent("s.tar").path
        let cases: [([String], String)] = [
            (["-b", "lots"], "--block-size"),
            (["-b", "1000"], "--block-size"),
            (["--existing-from-checkpoint", "cp.jsonl"], "FILE:OFFSET"),
            (["--existing-from-checkpoint", "cp.jsonl:-5"], "FILE:OFFSET"),
            (["--resume"], "--checkpoint"),
            (["--hwm", "0"], "--hwm"),
            (["--compression", "lz4"], "compression"),
            (["--resume", "--checkpoint", "cp", "--receipt", "r.json"], "--receipt cannot be combined with --resume"),
        ]
        for (flags, named) in cases {
            let result = try FerryBinary.run(["serialize", layout.reference, out] + flags)
            #expect(result.status == 2, "\(flags): \(result.status) \(result.stderr)")
            #expect(result.stderr.contains(named), "\(flags): \(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func serializesALayoutAndReports() throws {
        let layout = try LayoutOnDisk(layers: 2, layerSize: 3000, seed: 2)
        let out = try Self.scratch().appendingPathComponent("s.tar").path
        let result = try FerryBinary.run(["serialize", "-b", "4KiB", layout.reference, out])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stdout.isEmpty)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: out)[.size] as? NSNumber).intValue
        #expect(size % 4096 == 0)
        let missing = try FerryBinary.run(["serialize", "oci:/nonexistent/layout:v1", out])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("/nonexistent/layout"), "\(missing.stderr)")
    }

    /// Starts `ferry serialize` with a checkpoint, kills it with SIGKILL once `lines` checkpoint
    /// lines exist, then resumes; the result must equal an uninterrupted run byte for byte.
    static func killAndResume(_ layout: LayoutOnDisk, afterLines lines: Int, in dir: URL, reference: Data, referenceCheckpoint: Data,
                              flags: [String] = []) throws {
        let out = dir.appendingPathComponent("k\(lines).tar").path
        let checkpoint = dir.appendingPathComponent("k\(lines).jsonl").path
        let args = ["serialize", "-q", "-b", "16KiB", "-m", "256KiB", layout.reference, out, "--checkpoint", checkpoint] + flags
        // A run killed with SIGKILL cannot remove its scratch directory: give it one of its own.
        let scratch = dir.appendingPathComponent("tmp-k\(lines)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        var environment = ProcessInfo.processInfo.environment
        environment["TMPDIR"] = scratch.path
        let null = try FileHandle(forUpdating: URL(fileURLWithPath: "/dev/null"))
        defer { try? null.close() }
        let child = try ChildProcess(
            executable: FerryBinary.path, arguments: args, environment: environment,
            standardInput: null.fileDescriptor, standardOutput: null.fileDescriptor, standardError: null.fileDescriptor)
        let deadline = Date().addingTimeInterval(60)
        while child.isRunning && Date() < deadline {
            let text = (try? String(contentsOfFile: checkpoint, encoding: .utf8)) ?? ""
            if text.filter({ $0 == "\n" }).count >= lines { break }
            usleep(2000)
        }
        let interrupted = child.isRunning
        child.send(SIGKILL)
        _ = child.wait()
        #expect(interrupted, "the run ended before \(lines) checkpoint lines: make the set bigger")
        let written = ((try? FileManager.default.attributesOfItem(atPath: out))?[.size] as? NSNumber)?.intValue ?? 0
        #expect(written < reference.count, "after \(lines) lines")
        let resumed = try FerryBinary.run(args + ["--resume"])
        #expect(resumed.status == 0, "after \(lines) lines: \(resumed.stderr)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: out))
        #expect(bytes.count == reference.count, "after \(lines) lines")
        #expect(bytes == reference, "after \(lines) lines: resumed stream differs")
        // The checkpoint is the uninterrupted run's too (no line twice), so resuming again works.
        #expect(FileManager.default.contents(atPath: checkpoint) == referenceCheckpoint, "after \(lines) lines: checkpoint differs")
        let again = try FerryBinary.run(args + ["--resume"])
        #expect(again.status == 0, "second resume after \(lines) lines: \(again.stderr)")
        #expect(FileManager.default.contents(atPath: out) == reference, "second resume after \(lines) lines")
    }

    @Test func killedAndResumedRunsAreByteIdentical() throws {
        let layout = try LayoutOnDisk(layers: 12, layerSize: 2 << 20, seed: 3)
        let dir = try Self.scratch()
        let whole = dir.appendingPathComponent("whole.tar").path
        let wholeCheckpoint = dir.appendingPathComponent("whole.jsonl").path
        let uninterrupted = try FerryBinary.run(["serialize", "-q", "-b", "16KiB", layout.reference, whole, "--checkpoint", wholeCheckpoint])
        #expect(uninterrupted.status == 0, "\(uninterrupted.stderr)")
        let reference = try Data(contentsOf: URL(fileURLWithPath: whole))
        let referenceCheckpoint = try Data(contentsOf: URL(fileURLWithPath: wholeCheckpoint))
        for lines in [0, 1, 4, 9] {
            try Self.killAndResume(layout, afterLines: lines, in: dir, reference: reference, referenceCheckpoint: referenceCheckpoint)
        }
    }

    @Test func resumeRefusesAForeignCheckpoint() throws {
        let first = try LayoutOnDisk(layers: 1, layerSize: 1000, seed: 5)
        let second = try LayoutOnDisk(layers: 1, layerSize: 1000, seed: 6)
        let dir = try Self.scratch()
        let out = dir.appendingPathComponent("s.tar").path, checkpoint = dir.appendingPathComponent("cp").path
        #expect(try FerryBinary.run(["serialize", first.reference, out, "--checkpoint", checkpoint]).status == 0)
        let result = try FerryBinary.run(["serialize", second.reference, out, "--checkpoint", checkpoint, "--resume"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("cannot resume"), "\(result.stderr)")
    }

    /// A file that holds another stream (here the same image compressed) is never "resumed" into
    /// a corrupt mix: the kept bytes are compared with the regenerated stream.
    @Test func resumeRefusesAFileHoldingAnotherStream() throws {
        let layout = try LayoutOnDisk(layers: 3, layerSize: 100_000, seed: 7)
        let dir = try Self.scratch()
        let plain = dir.appendingPathComponent("plain.tar").path, checkpoint = dir.appendingPathComponent("cp").path
        #expect(try FerryBinary.run(["serialize", layout.reference, plain, "--checkpoint", checkpoint]).status == 0)
        let other = dir.appendingPathComponent("other.tar").path
        #expect(try FerryBinary.run(["serialize", layout.reference, other, "--compression", "gzip"]).status == 0)
        let result = try FerryBinary.run(["serialize", layout.reference, other, "--checkpoint", checkpoint, "--resume"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("cannot resume"), "\(result.stderr)")
    }
}
