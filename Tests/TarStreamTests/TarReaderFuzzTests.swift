import Foundation
import Streams
import TestSupport
import Testing
@testable import TarStream

/// Seeded random inputs through `TarReader`: mutations of valid streams (ours in every
/// compression, and the stored corpus) and plain random bytes. A stream crosses an air gap from
/// the less trusted side, so whatever arrives, the reader must neither crash nor hang nor throw
/// anything but a `TarStreamError` with a one-line message. Fixed seed: a failure reproduces.
@Suite struct TarReaderFuzzTests {
    static let seed: UInt64 = 0xFE22_F022
    static let iterations = 6000
    /// Data read from one input at most: a mutated size field may promise terabytes.
    static let readLimit = 8 << 20

    @Test func mutatedAndRandomInputsFailOnlyWithTypedErrors() throws {
        let seeds = try Self.seedInputs()
        var random = SplitMix(state: Self.seed)
        var outcome = FuzzOutcome()
        for iteration in 0..<Self.iterations {
            let input: Data
            switch random.next() % 8 {
            case 0: input = Self.randomBytes(&random, count: Int(random.next() % 4096))
            case 1: input = Self.magic(&random) + Self.randomBytes(&random, count: Int(random.next() % 2048))
            default: input = Self.mutate(seeds[Int(random.next() % UInt64(seeds.count))], &random)
            }
            outcome.record(Self.readEverything(input), iteration: iteration, input: input)
        }
        #expect(outcome.untyped.isEmpty, "errors that are not TarStreamError: \(outcome.untyped.prefix(5))")
        #expect(outcome.badMessages.isEmpty, "messages empty or over one line: \(outcome.badMessages.prefix(5))")
        // the harness reaches past the first header, not only the magic-byte check
        #expect(outcome.entries > Self.iterations / 2, "\(outcome)")
        #expect(outcome.clean > 0 && outcome.failed > Self.iterations / 4, "\(outcome)")
    }

    @Test func theStoredCorpusReadsOrFailsTyped() throws {
        for (name, length, runs) in TarFuzzCorpus.inputs {
            let input = try Self.decode(length: length, runs: runs)
            if case .untyped(let error) = Self.readEverything(input) { Issue.record("\(name): \(error)") }
        }
    }

    // MARK: inputs

    /// Valid streams to mutate: ours (plain, gzip, zstd) and the stored corpus.
    static func seedInputs() throws -> [Data] {
        var seeds = try TarFuzzCorpus.inputs.map { try decode(length: $0.length, runs: $0.runs) }
        for compression in StreamCompression.allCases {
            seeds.append(try archiveBytes(compression) { writer in
                try writer.addFile("oci-layout", data: Data(#"{"imageLayoutVersion":"1.0.0"}"#.utf8))
                try writer.addDirectory("blobs")
                try writer.addFile("blobs/sha256/" + String(repeating: "b", count: 64), size: 1500, from: PatternSource(size: 1500))
                try writer.addFile("blobs/empty", size: 0, from: PatternSource(size: 0))
                try writer.addFile("index.json", data: Data(#"{"schemaVersion":2}"#.utf8))
            })
        }
        return seeds
    }

    static func decode(length: Int, runs: [String]) throws -> Data {
        var data = Data(count: length)
        for run in runs {
            guard let colon = run.firstIndex(of: ":"), let offset = Int(run[..<colon]),
                  let bytes = Data(base64Encoded: String(run[run.index(after: colon)...])) else {
                throw TarStreamError.invalidArgument("corpus run \(run.prefix(20)) is not OFFSET:BASE64")
            }
            data.replaceSubrange(offset..<(offset + bytes.count), with: bytes)
        }
        return data
    }

    static func randomBytes(_ random: inout SplitMix, count: Int) -> Data {
        Data((0..<count).map { _ in UInt8(truncatingIfNeeded: random.next()) })
    }

    /// A compression magic, so random bytes reach the gzip and zstd decoders too.
    static func magic(_ random: inout SplitMix) -> Data {
        random.next() % 2 == 0 ? Data([0x1F, 0x8B, 0x08, 0x00]) : Data([0x28, 0xB5, 0x2F, 0xFD])
    }

    /// One to four mutations: bit flips, bytes set to values tar parsers branch on, digits in the
    /// size field, truncation, inserted or duplicated records.
    static func mutate(_ seed: Data, _ random: inout SplitMix) -> Data {
        var data = seed
        for _ in 0...(random.next() % 4) where !data.isEmpty {
            let at = Int(random.next() % UInt64(data.count))
            switch random.next() % 6 {
            case 0: data[at] ^= 1 << (random.next() % 8)
            case 1: data[at] = [0, 0xFF, 0x80, 0x30, 0x37, 0x20, 0x0A, UInt8(ascii: "x"), UInt8(ascii: "L")][Int(random.next() % 9)]
            case 2: // a header's size field (bytes 124..<136 of a 512-byte record) to random octal digits
                let field = at / 512 * 512 + 124
                for i in stride(from: field, to: min(field + 11, data.count), by: 1) { data[i] = UInt8(0x30 + random.next() % 8) }
            case 3: data = data.prefix(at)
            case 4: data.insert(contentsOf: randomBytes(&random, count: Int(random.next() % 600)), at: at)
            default: // a 512-byte record repeated (a second header, data looking like a header)
                let record = at / 512 * 512
                data.insert(contentsOf: data[record..<min(record + 512, data.count)], at: record)
            }
        }
        return data
    }

    // MARK: reading

    enum Result {
        case clean(entries: Int)
        case failed(entries: Int, message: String)
        case untyped(String)
    }

    /// Every entry header and all data, as deserialize would read them, bounded by `readLimit`.
    static func readEverything(_ input: Data) -> Result {
        var entries = 0
        do {
            let reader = try TarReader(input: DataSource(input))
            var budget = readLimit
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 << 10, alignment: 16)
            defer { buffer.deallocate() }
            while budget > 0, let _ = try reader.next() {
                entries += 1
                while budget > 0 {
                    let count = try reader.read(into: buffer)
                    if count == 0 { break }
                    budget -= count
                }
            }
            return .clean(entries: entries)
        } catch let error as TarStreamError {
            return .failed(entries: entries, message: error.description)
        } catch {
            return .untyped("\(type(of: error)): \(error)")
        }
    }
}

/// Counts of a fuzzing run, and what went wrong.
struct FuzzOutcome: CustomStringConvertible {
    var clean = 0, failed = 0, entries = 0
    var untyped: [String] = []
    var badMessages: [String] = []

    mutating func record(_ result: TarReaderFuzzTests.Result, iteration: Int, input: Data) {
        switch result {
        case .clean(let n):
            clean += 1
            entries += n
        case .failed(let n, let message):
            failed += 1
            entries += n
            if message.isEmpty || message.contains("\n") { badMessages.append("#\(iteration): \(message)") }
        case .untyped(let error):
            untyped.append("#\(iteration) (\(input.count) bytes, base64 \(input.prefix(64).base64EncodedString())): \(error)")
        }
    }

    var description: String { "\(clean) read to the end, \(failed) failed typed, \(entries) entries, \(untyped.count) untyped" }
}
