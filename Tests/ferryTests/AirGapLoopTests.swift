import ClientTestSupport
import Foundation
import OCI
import Testing
import TestSupport

/// The operator's week at a diode, end to end through the built binary and two real registries:
/// low side gather → serialize in volumes with a receipt; far side verify → deserialize the
/// volumes with its own receipt; next week, serialize only what the far side lacks.
@Suite struct AirGapLoopTests {
    @Test func volumesAndReceiptsCarryAWeekThenOnlyItsDifference() async throws {
        let low = try await RegistryServer.start(.plain)
        defer { low.stop() }
        let high = try await RegistryServer.start(.plain)
        defer { high.stop() }
        let images = try await ReceiptRoundTripTests.LowSide(low)
        let work = try TestTools.makeTempDirectory("ferry-airgap")
        defer { try? FileManager.default.removeItem(at: work) }
        func path(_ name: String) -> String { work.appendingPathComponent(name).path }
        func ferry(_ arguments: [String]) throws -> TestTools.Result {
            let result = try FerryBinary.run(arguments, plainHosts: [low.host, high.host])
            #expect(result.status == 0, "ferry \(arguments.joined(separator: " ")): \(result.stderr)")
            return result
        }
        func gather(_ references: [String], as tag: String) throws {
            try Data(references.map { "\(low.host)/\($0)\n" }.joined().utf8).write(to: URL(fileURLWithPath: path("\(tag).list")))
            _ = try ferry(["gather", "-q", path("\(tag).list"), "\(low.host)/data:\(tag)"])
        }

        // Week 1, low side: the set in 64 KiB volumes, with the stream's receipt.
        try gather(["alpha:1", "beta:2"], as: "week-1")
        _ = try ferry(["serialize", "-q", "-b", "4KiB", "--split", "64KiB", "\(low.host)/data:week-1", path("w1.tar"),
                       "--receipt", path("w1.json")])
        let volumes = try FileManager.default.contentsOfDirectory(atPath: work.path).filter { $0.hasPrefix("w1.tar.") }.sorted()
        #expect(volumes.count >= 2, "\(volumes)")
        var whole = Data()
        for volume in volumes { whole.append(try Data(contentsOf: URL(fileURLWithPath: path(volume)))) }
        let stream = try #require(try ReceiptRoundTripTests.receipt(path("w1.json"))["stream"] as? [String: Any])
        #expect(stream["sha256"] as? String == Digest.sha256(of: whole).description)

        // Far side: the volumes are checked against the receipt before anything is pushed, listed,
        // then deserialized with the far side's own receipt.
        let verified = try ferry(["verify", path("w1.tar.000"), "--receipt", path("w1.json")])
        #expect(verified.stdout.contains("matches its receipt"), "\(verified.stdout)")
        let listed = try ferry(["ls", path("w1.tar.000"), "-o", "csv"])
        #expect(listed.stdout.contains(images.digests["alpha"]?.description ?? "-") && listed.stdout.contains(images.digests["beta"]?.description ?? "-"),
                "\(listed.stdout)")
        _ = try ferry(["deserialize", "-q", path("w1.tar.000"), "\(high.host)/data:week-1", "--receipt", path("far-1.json")])

        // Week 2: one image more; the stream leaves out every blob the far receipt names.
        try gather(["alpha:1", "beta:2", "gamma:3"], as: "week-2")
        _ = try ferry(["serialize", "-q", "-b", "4KiB", "\(low.host)/data:week-2", path("w2.tar"),
                       "--existing-from-receipt", path("far-1.json")])
        let secondSize = try #require(try FileManager.default.attributesOfItem(atPath: path("w2.tar"))[.size] as? NSNumber).intValue
        #expect(secondSize < whole.count / 2, "\(secondSize) vs \(whole.count)")
        _ = try ferry(["verify", path("w2.tar"), "--existing-from-receipt", path("far-1.json")])
        _ = try ferry(["deserialize", "-q", path("w2.tar"), "\(high.host)/data:week-2"])

        // Every image of week 2 is whole on the far side, as skopeo (an independent client) reads it.
        for (name, digest) in images.digests {
            let copy = try TestTools.run("skopeo", ["copy", "--all", "--src-tls-verify=false",
                                                    "docker://\(high.host)/data@\(digest)", "oci:\(path("copy-\(name)")):x"])
            #expect(copy.status == 0, "\(name): \(copy.stderr)")
        }
    }
}
