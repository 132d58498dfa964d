import Foundation
import OCI

/// Reads and writes receipts, with the self-hash that makes a changed one fail loudly.
public enum ReceiptFile {
    /// Larger than any receipt of a real set (a million entries); bounds what is read into memory.
    static let byteLimit = 512 << 20

    /// The receipt at `path` (`-` is stdin), refused unless it is of `kind`, of a version this
    /// ferry reads, and unchanged since it was written.
    public static func read(_ path: String, kind: Receipt.Kind) throws -> Receipt {
        let data = try load(path)
        let header: Header
        do {
            header = try JSONDecoder().decode(Header.self, from: data)
        } catch {
            throw ReceiptError.unreadable(path: path, reason: "not a ferry receipt (no receiptVersion and kind)")
        }
        guard header.receiptVersion <= Receipt.currentVersion else { throw ReceiptError.newerVersion(path: path, version: header.receiptVersion) }
        guard header.kind == kind.rawValue else { throw ReceiptError.wrongKind(path: path, found: header.kind, expected: kind.rawValue) }
        let receipt: Receipt
        do {
            receipt = try JSONDecoder().decode(Receipt.self, from: data)
        } catch {
            throw ReceiptError.unreadable(path: path, reason: "\(error)")
        }
        guard let stated = receipt.sha256, stated == (try selfHash(receipt)) else { throw ReceiptError.tampered(path: path) }
        return receipt
    }

    /// Writes `receipt` with its self-hash to `path` (`-` is stdout): a file is written beside
    /// and renamed into place, so a reader never sees half a receipt.
    public static func write(_ receipt: Receipt, to path: String) throws {
        var sealed = receipt
        sealed.sha256 = try selfHash(receipt)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        var data = try encoder.encode(sealed)
        data.append(UInt8(ascii: "\n"))
        if path == "-" {
            FileHandle.standardOutput.write(data)
            return
        }
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
        do {
            try data.write(to: temporary)
            guard rename(temporary.path, url.path) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw ReceiptError.cannotWrite(path: path, reason: error.localizedDescription)
        }
    }

    /// sha256 of the canonical body: sorted keys, no whitespace, `sha256` left out.
    static func selfHash(_ receipt: Receipt) throws -> String {
        var body = receipt
        body.sha256 = nil
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Digest.sha256(of: try encoder.encode(body)).description
    }

    private static func load(_ path: String) throws -> Data {
        let handle: FileHandle
        if path == "-" {
            handle = FileHandle.standardInput
        } else {
            guard let opened = FileHandle(forReadingAtPath: path) else {
                throw ReceiptError.unreadable(path: path, reason: "no such file, or not readable")
            }
            handle = opened
        }
        defer { if path != "-" { try? handle.close() } }
        do {
            let data = try handle.read(upToCount: byteLimit + 1) ?? Data()
            guard data.count <= byteLimit else { throw ReceiptError.unreadable(path: path, reason: "larger than \(byteLimit >> 20) MiB") }
            return data
        } catch let error as ReceiptError {
            throw error
        } catch {
            throw ReceiptError.unreadable(path: path, reason: error.localizedDescription)
        }
    }

    /// What is read before the rest, so a newer or other receipt is named rather than misparsed.
    private struct Header: Decodable {
        var receiptVersion: Int
        var kind: String
    }
}
