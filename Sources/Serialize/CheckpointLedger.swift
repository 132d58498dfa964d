import Foundation
import OCI

/// A checkpoint file: one JSON line per blob entry of a stream, written once the entry is durably
/// on the medium — the entry's descriptor (as met in the walk) with annotation
/// `vnd.act3-ace.data.offset`, the stream bytes written when the entry and its padding were
/// complete. Byte-compatible with ace-dt's ledger (Go's `json.Encoder`: compact, one value a line).
public enum CheckpointLedger {
    /// One recorded entry.
    public struct Record: Sendable, Equatable {
        /// The descriptor without the offset annotation.
        public var descriptor: Descriptor
        public var offset: Int64

        public init(descriptor: Descriptor, offset: Int64) {
            self.descriptor = descriptor
            self.offset = offset
        }

        /// The line as written: Go's encoding of the descriptor plus the offset annotation, and "\n".
        public var line: Data {
            var annotated = descriptor
            var annotations = annotated.annotations ?? [:]
            annotations[AnnotationKey.offset] = String(offset)
            annotated.annotations = annotations
            return annotated.goJSON() + Data("\n".utf8)
        }
    }

    /// Parses a checkpoint file. A last line without its newline is a write cut short by a crash:
    /// it is ignored (its entry is simply not known to be safe). Any other bad line is an error
    /// naming the file and line.
    public static func parse(_ data: Data, file: String) throws -> [Record] {
        var records: [Record] = []
        var lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if let last = lines.last, !last.isEmpty { lines.removeLast() }  // torn tail, or no newline at all
        for (number, line) in lines.enumerated() where !line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") }) {
            let where_ = "\(file):\(number + 1)"
            let descriptor: Descriptor
            do {
                descriptor = try JSONDecoder().decode(Descriptor.self, from: Data(line))
            } catch {
                throw SerializeError.badCheckpoint(where_, reason: "not a JSON descriptor")
            }
            guard let text = descriptor.annotations?[AnnotationKey.offset], let offset = Int64(text), offset >= 0 else {
                throw SerializeError.badCheckpoint(where_, reason: "no valid \(AnnotationKey.offset) annotation")
            }
            if let previous = records.last, offset < previous.offset {
                throw SerializeError.badCheckpoint(where_, reason: "offset \(offset) is lower than the line before (\(previous.offset))")
            }
            var plain = descriptor
            plain.annotations?[AnnotationKey.offset] = nil
            if plain.annotations?.isEmpty == true { plain.annotations = nil }
            records.append(Record(descriptor: plain, offset: offset))
        }
        return records
    }

    /// Reads and parses the checkpoint at `path`.
    public static func load(_ path: String) throws -> [Record] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SerializeError.unreadable(path)
        }
        return try parse(data, file: path)
    }

    /// The records of entries safe on a medium holding `offset` good bytes. As ace-dt, reading stops
    /// at the first record whose offset is not below it.
    public static func safe(_ records: [Record], below offset: Int64) -> [Record] {
        Array(records.prefix { $0.offset < offset })
    }
}
