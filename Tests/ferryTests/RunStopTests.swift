import ClientTestSupport
import Streams
import Foundation
import OCI
import Registry
import Testing
import TestSupport

/// How a run ends when it is cut short: by Ctrl-C or SIGTERM, or by the reader of its standard
/// output going away. One message, one exit code, nothing half-written and nothing left in the
/// temporary directory.
@Suite(.serialized) struct RunStopTests {
    /// A ferry process with its own temporary directory (to check what it leaves there).
    struct Launched {
        let child: ChildProcess
        let temporary: URL
        let stderrFile: URL

        /// `stdout` is /dev/null unless given.
        init(_ arguments: [String], stdout: FileHandle? = nil) throws {
            temporary = try TestTools.makeTempDirectory("ferry-runstop")
            stderrFile = temporary.appendingPathComponent("stderr")
            let scratch = temporary.appendingPathComponent("tmp")
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            _ = FileManager.default.createFile(atPath: stderrFile.path, contents: nil)
            let null = URL(fileURLWithPath: "/dev/null")
            let output = try stdout ?? FileHandle(forWritingTo: null)
            let errors = try FileHandle(forWritingTo: stderrFile)
            let input = try FileHandle(forReadingFrom: null)
            defer {
                if stdout == nil { try? output.close() }
                try? errors.close()
                try? input.close()
            }
            child = try ChildProcess(
                executable: FerryBinary.path, arguments: arguments,
                environment: ["HOME": temporary.path, "TMPDIR": scratch.path, "PATH": "/usr/bin:/bin"],
                standardInput: input.fileDescriptor, standardOutput: output.fileDescriptor, standardError: errors.fileDescriptor)
        }

        var leftInTemporaryDirectory: [String] {
            (try? FileManager.default.contentsOfDirectory(atPath: temporary.appendingPathComponent("tmp").path)) ?? ["?"]
        }

        var stderr: String { (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? "" }

        func wait(seconds: Double = 15) async throws -> Int32 {
            let deadline = Date().addingTimeInterval(seconds)
            while child.isRunning && Date() < deadline { try await Task.sleep(nanoseconds: 50_000_000) }
            child.send(SIGKILL)
            return child.wait()?.status ?? -1
        }

        func cleanUp() { try? FileManager.default.removeItem(at: temporary) }
    }

    /// A registry behind a proxy that stalls every blob download, with one image in `slow:1`.
    static func stallingSource(seed: UInt64) async throws -> (server: RegistryServer, proxy: FaultProxy, config: URL) {
        let server = try await RegistryServer.start(.plain)
        let proxy = try FaultProxy(upstream: server.host)
        let image = try TestImage(layerSizes: [200_000, 1000], seed: seed)
        try await image.push(makeClient(host: server.host), to: Repository(registry: server.host, name: "slow"), tag: "1")
        proxy.inject(.init(method: "GET", pathContains: "/blobs/sha256:", times: 100, action: .stall(seconds: 30)))
        let config = try TestTools.makeTempDirectory("ferry-runstop-config").appendingPathComponent("config.yaml")
        try Data("apiVersion: config.dt.act3-ace.io/v1alpha1\nkind: Configuration\nregistryConfig:\n  registries:\n    \"\(proxy.host)\": {endpoints: [\"http://\(proxy.host)\"]}\n".utf8).write(to: config)
        return (server, proxy, config)
    }

    /// Ctrl-C and SIGTERM: `ferry: interrupted`, exit 130, and not a word more (no
    /// `CancellationError()`, no "stream closed by the other side").
    @Test(arguments: [SIGINT, SIGTERM])
    func anInterruptSaysInterruptedOnce(signal: Int32) async throws {
        let (server, proxy, config) = try await Self.stallingSource(seed: 80)
        defer { proxy.stop(); server.stop(); try? FileManager.default.removeItem(at: config.deletingLastPathComponent()) }
        for command in [["copy"], ["serialize"]] {
            let out = try TestTools.makeTempDirectory("ferry-runstop-out")
            defer { try? FileManager.default.removeItem(at: out) }
            let destination = command == ["copy"] ? "oci:\(out.path)/layout:x" : "\(out.path)/s.tar"
            // The run is in its transfer (its signal handlers long installed) once a blob request is stalled.
            let stalled = proxy.watch("/blobs/sha256:")
            let run = try Launched(command + ["--config", config.path, "\(proxy.host)/slow:1", destination])
            defer { run.cleanUp() }
            try await stalled.arrival()
            run.child.send(signal)
            #expect(try await run.wait() == 130, "\(command)")
            #expect(run.stderr.trimmingCharacters(in: .whitespacesAndNewlines) == "ferry: interrupted", "\(command): \(run.stderr)")
            #expect(run.leftInTemporaryDirectory.isEmpty, "\(command) left \(run.leftInTemporaryDirectory)")
            #expect(!FileManager.default.fileExists(atPath: "\(out.path)/layout"), "an interrupted copy left its new layout")
        }
    }

    /// A second signal quits at once, and still removes the plan's temporary directory.
    @Test func aSecondInterruptQuitsAtOnceAndLeavesNothing() async throws {
        let (server, proxy, config) = try await Self.stallingSource(seed: 81)
        defer { proxy.stop(); server.stop(); try? FileManager.default.removeItem(at: config.deletingLastPathComponent()) }
        let out = try TestTools.makeTempDirectory("ferry-runstop-out")
        defer { try? FileManager.default.removeItem(at: out) }
        let stalled = proxy.watch("/blobs/sha256:")
        let run = try Launched(["serialize", "--config", config.path, "\(proxy.host)/slow:1", "\(out.path)/s.tar"])
        defer { run.cleanUp() }
        try await stalled.arrival()
        run.child.send(SIGINT)
        run.child.send(SIGINT)
        #expect(try await run.wait() == 130)
        #expect(run.leftInTemporaryDirectory.isEmpty, "left \(run.leftInTemporaryDirectory)")
    }

    /// Successful serializes leave no `ferry-plan-*` directory behind.
    @Test func aSerializeLeavesNothingInTheTemporaryDirectory() async throws {
        let layout = try LayoutOnDisk(layers: 2, layerSize: 1000, seed: 82)
        defer { try? FileManager.default.removeItem(at: layout.directory) }
        for _ in 0..<3 {
            let run = try Launched(["serialize", "-q", layout.reference, layout.directory.appendingPathComponent("out.tar").path])
            defer { run.cleanUp() }
            #expect(try await run.wait() == 0, "\(run.stderr)")
            #expect(run.leftInTemporaryDirectory.isEmpty, "left \(run.leftInTemporaryDirectory)")
        }
    }

    /// A reader that goes away is an ordinary error (exit 1, one line), not a crash (SIGILL,
    /// exit 132), and the layout a stopped gather had created is gone, not left half-filled.
    @Test func aClosedStandardOutputStopsTheRunCleanly() async throws {
        let server = try await RegistryServer.start(.plain)
        defer { server.stop() }
        let client = makeClient(host: server.host)
        var lines = ""
        for n in 0..<4 {
            try await TestImage(layerSizes: [50_000], seed: 90 + UInt64(n)).push(client, to: Repository(registry: server.host, name: "app\(n)"), tag: "1")
            lines += "\(server.host)/app\(n):1\n"
        }
        let work = try TestTools.makeTempDirectory("ferry-runstop-json")
        defer { try? FileManager.default.removeItem(at: work) }
        let list = work.appendingPathComponent("sources.list")
        try Data(lines.utf8).write(to: list)
        let config = work.appendingPathComponent("config.yaml")
        try Data("apiVersion: config.dt.act3-ace.io/v1alpha1\nkind: Configuration\nregistryConfig:\n  registries:\n    \"\(server.host)\": {endpoints: [\"http://\(server.host)\"]}\n".utf8).write(to: config)

        for arguments in [["gather", "--json", "--config", config.path, list.path, "oci:\(work.path)/layout:g"], ["config", "--sample"]] {
            let gone = Pipe()
            try gone.fileHandleForReading.close()
            let run = try Launched(arguments, stdout: gone.fileHandleForWriting)
            try gone.fileHandleForWriting.close()
            defer { run.cleanUp() }
            #expect(try await run.wait() == 1, "\(arguments[0]): \(run.stderr)")
            #expect(run.stderr.contains("standard output was closed by its reader"), "\(run.stderr)")
            #expect(!run.stderr.contains("Fatal error"), "\(run.stderr)")
            #expect(run.leftInTemporaryDirectory.isEmpty, "left \(run.leftInTemporaryDirectory)")
        }
        #expect(!FileManager.default.fileExists(atPath: "\(work.path)/layout"), "a stopped gather left a half-filled layout")
    }

    /// Everything is opened and checked before anything is cut: a checkpoint that cannot be
    /// written leaves a good stream as it was, and a DEST that cannot be opened leaves a good
    /// checkpoint as it was.
    @Test func aBadPathCutsNothing() async throws {
        let layout = try LayoutOnDisk(layers: 2, layerSize: 3000, seed: 83)
        defer { try? FileManager.default.removeItem(at: layout.directory) }
        let out = layout.directory.appendingPathComponent("good.tar").path
        let checkpoint = layout.directory.appendingPathComponent("good.jsonl").path
        let first = try FerryBinary.run(["serialize", "-q", layout.reference, out, "--checkpoint", checkpoint])
        #expect(first.status == 0, "\(first.stderr)")
        let stream = try Data(contentsOf: URL(fileURLWithPath: out))
        let ledger = try Data(contentsOf: URL(fileURLWithPath: checkpoint))
        #expect(!stream.isEmpty && !ledger.isEmpty)

        let badCheckpoint = try FerryBinary.run(["serialize", "-q", layout.reference, out, "--checkpoint", "/nonexistent/dir/cp.jsonl"])
        #expect(badCheckpoint.status == 1)
        #expect(badCheckpoint.stderr.contains("/nonexistent/dir/cp.jsonl"), "\(badCheckpoint.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == stream, "a bad --checkpoint emptied the stream")

        let badDestination = try FerryBinary.run(["serialize", "-q", layout.reference, "/nonexistent/dir/s.tar", "--checkpoint", checkpoint])
        #expect(badDestination.status == 1)
        #expect(badDestination.stderr.contains("/nonexistent/dir/s.tar"), "\(badDestination.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: checkpoint)) == ledger, "a bad DEST emptied the checkpoint")
    }
}

/// Summaries count what this run did.
@Suite struct HonestSummaryTests {
    /// A `--resume` of a finished stream writes no blob again, and says so.
    @Test func aResumeCountsOnlyWhatItWrote() throws {
        let layout = try LayoutOnDisk(layers: 3, layerSize: 5000, seed: 84)
        defer { try? FileManager.default.removeItem(at: layout.directory) }
        let out = layout.directory.appendingPathComponent("r.tar").path
        let checkpoint = layout.directory.appendingPathComponent("r.jsonl").path
        let first = try FerryBinary.run(["serialize", layout.reference, out, "--checkpoint", checkpoint])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("blobs     5 written"), "\(first.stdout)")
        let again = try FerryBinary.run(["serialize", layout.reference, out, "--checkpoint", checkpoint, "--resume"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("blobs     0 written (0 B)"), "\(again.stdout)")
        #expect(again.stdout.contains("5 blobs"), "\(again.stdout)")
        #expect(again.stdout.contains("kept from the interrupted run"), "\(again.stdout)")
    }
}
