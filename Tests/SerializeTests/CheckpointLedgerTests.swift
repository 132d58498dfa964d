import Foundation
import OCI
@testable import Serialize
import Testing

@Suite struct CheckpointLedgerTests {
    static let digest = "sha256:" + String(repeating: "ab", count: 32)

    static func record(_ offset: Int64, annotations: [String: String]? = nil) throws -> CheckpointLedger.Record {
        CheckpointLedger.Record(descriptor: Descriptor(mediaType: MediaType.ociLayerGzip, digest: try Digest(digest), size: 5,
                                                       annotations: annotations), offset: offset)
    }

    @Test func lineIsGoJSONEncoderOutput() throws {
        let line = String(decoding: try Self.record(3072).line, as: UTF8.self)
        #expect(line == #"{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"\#(Self.digest)","size":5,"annotations":{"vnd.act3-ace.data.offset":"3072"}}"# + "\n")
    }

    @Test func lineKeepsParentAnnotationsSortedAndEscapedAsGo() throws {
        let line = String(decoding: try Self.record(9, annotations: ["z": "a&b<c>", "a": "x"]).line, as: UTF8.self)
        #expect(line.contains(#""annotations":{"a":"x","vnd.act3-ace.data.offset":"9","z":"a\u0026b\u003cc\u003e"}"#))
    }

    @Test func parseRoundTripsLines() throws {
        let records = [try Self.record(1536), try Self.record(4096, annotations: ["k": "v"])]
        let data = records.reduce(Data()) { $0 + $1.line }
        #expect(try CheckpointLedger.parse(data, file: "cp") == records)
    }

    @Test func tornLastLineIsIgnored() throws {
        let whole = try Self.record(1536).line
        let torn = try Self.record(4096).line.prefix(40)
        let records = try CheckpointLedger.parse(whole + torn, file: "cp")
        #expect(records.map(\.offset) == [1536])
        #expect(try CheckpointLedger.parse(Data(), file: "cp").isEmpty)
    }

    @Test func badLineNamesFileAndLine() throws {
        let data = try Self.record(1536).line + Data("{not json}\n".utf8) + (try Self.record(4096).line)
        #expect(throws: SerializeError.badCheckpoint("cp.jsonl:2", reason: "not a JSON descriptor")) {
            try CheckpointLedger.parse(data, file: "cp.jsonl")
        }
    }

    @Test func lineWithoutOffsetIsAnError() throws {
        let plain = Descriptor(mediaType: MediaType.ociLayerGzip, digest: try Digest(Self.digest), size: 5).goJSON() + Data("\n".utf8)
        let error = #expect(throws: SerializeError.self) { try CheckpointLedger.parse(plain, file: "cp") }
        #expect(error?.description.contains("cp:1") == true)
    }

    @Test func decreasingOffsetIsAnError() throws {
        let data = try Self.record(4096).line + (try Self.record(1536).line)
        let error = #expect(throws: SerializeError.self) { try CheckpointLedger.parse(data, file: "cp") }
        #expect(error?.description.contains("cp:2") == true)
        #expect(error?.description.contains("lower") == true)
    }

    @Test func safeStopsAtTheFirstOffsetNotBelow() throws {
        let records = [try Self.record(100), try Self.record(200), try Self.record(300)]
        #expect(CheckpointLedger.safe(records, below: 250).map(\.offset) == [100, 200])
        #expect(CheckpointLedger.safe(records, below: 200).map(\.offset) == [100])
        #expect(CheckpointLedger.safe(records, below: 0).isEmpty)
    }

    /// Two runs never write one checkpoint: the second is refused and the first's lines stay.
    @Test func aCheckpointBeingWrittenIsLeftToItsWriter() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("checkpoint-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let first = try CheckpointWriter(path: path)
        try first.start()
        first.mediumDurable(upTo: 10)
        try first.entryCompleted(try Self.record(5))
        let written = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(!written.isEmpty)
        #expect { try CheckpointWriter(path: path) } throws: { error in
            guard case SerializeError.checkpointBusy(let named) = error else { return false }
            return named == path && "\(error)".contains("another process")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == written)
        try first.close()
        _ = try CheckpointWriter(path: path, keepingBytes: written.count)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == written)
    }
}

