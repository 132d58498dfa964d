import Foundation
import OCI
@testable import Inspect
import Testing

@Suite struct ReceiptFileTests {
    static func receipt() throws -> Receipt {
        let digest = Digest.sha256(of: Data("root".utf8))
        var receipt = Receipt(kind: .deserialize, tool: "test", root: ReceiptBlob(digest: digest, size: 4, mediaType: MediaType.ociIndex),
                              sources: [ReceiptSource(reference: "docker.io/library/busybox:1.36", digest: digest)])
        receipt.target = "reg.high/gather:sync-45"
        receipt.blobs = [ReceiptBlob(digest: digest, size: 4, mediaType: MediaType.ociIndex)]
        return receipt
    }

    static func path() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("receipt-\(UUID().uuidString).json").path
    }

    @Test func roundTripsWithItsSelfHash() throws {
        let path = Self.path()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try ReceiptFile.write(try Self.receipt(), to: path)
        let read = try ReceiptFile.read(path, kind: .deserialize)
        #expect(read.sha256?.hasPrefix("sha256:") == true)
        var unsealed = read
        unsealed.sha256 = nil
        #expect(unsealed == (try Self.receipt()))
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("\"receiptVersion\" : 1"))
        #expect(text.contains("\"kind\" : \"deserialize\""))
    }

    @Test func changedReceiptIsRefused() throws {
        let path = Self.path()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try ReceiptFile.write(try Self.receipt(), to: path)
        let text = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "sync-45", with: "sync-46")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: ReceiptError.tampered(path: path)) { try ReceiptFile.read(path, kind: .deserialize) }
    }

    @Test func otherKindIsRefused() throws {
        let path = Self.path()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try ReceiptFile.write(try Self.receipt(), to: path)
        #expect(throws: ReceiptError.wrongKind(path: path, found: "deserialize", expected: "serialize")) {
            try ReceiptFile.read(path, kind: .serialize)
        }
    }

    @Test func newerVersionIsRefusedBeforeItIsParsed() throws {
        let path = Self.path()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(#"{"receiptVersion": 2, "kind": "deserialize", "shape": "unknown"}"#.utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: ReceiptError.newerVersion(path: path, version: 2)) { try ReceiptFile.read(path, kind: .deserialize) }
    }

    @Test func notAReceiptIsNamed() throws {
        let path = Self.path()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("[1,2]".utf8).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: ReceiptError.self) { try ReceiptFile.read(path, kind: .serialize) }
        #expect(error?.description.contains("not a ferry receipt") == true)
        #expect(throws: ReceiptError.self) { try ReceiptFile.read(path + ".missing", kind: .serialize) }
    }
}
