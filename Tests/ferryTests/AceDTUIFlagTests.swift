import Foundation
import Testing
import TestSupport

/// The flags every `ace-dt mirror` command takes: `-r`, `--no-term`, `--debug FILE`, `-v`.
@Suite(.serialized) final class AceDTUIFlagTests {
    private let scratch: URL

    init() throws { scratch = try TestTools.makeTempDirectory("ferry-acedt-ui") }
    deinit { try? FileManager.default.removeItem(at: scratch) }

    private func gather(_ flags: [String], host: String, environment: [String: String] = [:]) throws -> TestTools.Result {
        let list = scratch.appendingPathComponent("sources.list")
        try Data("\(host)/app:1\n".utf8).write(to: list)
        let layout = scratch.appendingPathComponent("store-\(UUID().uuidString)").path
        return try FerryBinary.run(["gather"] + flags + [list.path, "oci:\(layout):sync"], plainHosts: [host], environment: environment)
    }

    @Test func recursiveDebugAndVerbosityAreAccepted() async throws {
        let source = try await RegistryServer.start(.plain)
        defer { source.stop() }
        try ImageFixture.push(.oci(layers: [LayerSpec(size: 1_000, seed: 730)]), to: source, repository: "app", tag: "1")
        let debug = scratch.appendingPathComponent("events.jsonl").path

        let loud = try gather(["-r", "--no-term", "-vv", "--debug", debug], host: source.host)
        #expect(loud.status == 0, "\(loud.stderr)")
        #expect(loud.stdout.contains("gathered 1 image(s)"), "\(loud.stdout)")
        #expect(loud.stderr.contains(#""event":"blob""#), "\(loud.stderr)")
        let events = try String(contentsOfFile: debug, encoding: .utf8)
        #expect(events.contains(#""event":"manifest""#), "\(events)")

        let plain = try gather(["-v", "--recursive"], host: source.host)
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(!plain.stderr.contains(#""event""#), "\(plain.stderr)")
        let equalsForm = try gather(["-v=info"], host: source.host)
        #expect(equalsForm.stderr.contains(#""event":"blob""#), "\(equalsForm.stderr)")
        // As in ace-dt, `-v info` is `-v` and an argument: the command's arguments are then wrong.
        let twoWords = try gather(["-v", "info"], host: source.host)
        #expect(twoWords.status == 2, "\(twoWords.stderr)")
        let fromEnvironment = try gather([], host: source.host, environment: ["ACE_DT_VERBOSITY": "debug"])
        #expect(fromEnvironment.stderr.contains(#""event":"blob""#), "\(fromEnvironment.stderr)")
        let bad = try gather(["--verbosity=loud"], host: source.host)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--verbosity loud"), "\(bad.stderr)")
    }

    /// On a terminal the progress line is redrawn in place; `--no-term` prints plain lines instead.
    @Test func noTermDrawsNoLiveLine() async throws {
        let source = try await RegistryServer.start(.plain)
        defer { source.stop() }
        try ImageFixture.push(.oci(layers: [LayerSpec(size: 1_000, seed: 731)]), to: source, repository: "app", tag: "1")
        func onTerminal(_ flags: [String]) throws -> String {
            let list = scratch.appendingPathComponent("sources.list")
            try Data("\(source.host)/app:1\n".utf8).write(to: list)
            let layout = scratch.appendingPathComponent("store-\(UUID().uuidString)").path
            let command = ([FerryBinary.path, "gather"] + flags + [list.path, "oci:\(layout):sync"]).map { "'\($0)'" }.joined(separator: " ")
            let home = scratch.appendingPathComponent("home").path
            let result = try TestTools.run("script", ["-qec", command, "/dev/null"], environment: ["HOME": home, "PATH": "/usr/bin:/bin"])
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            return result.stdout
        }
        #expect(try onTerminal([]).contains("\u{1B}[K"))
        #expect(try !onTerminal(["--no-term"]).contains("\u{1B}[K"))
    }
}
