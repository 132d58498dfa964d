import Foundation
import TestSupport

/// A small seeded mutation fuzzer for the text parsers: each run starts from a corpus of seeds
/// kept in the repository (Corpus/), mutates them with a fixed-seed generator, and hands every
/// input to a check. Same seed, same inputs: a failure is reproduced by running the test again.
///
/// A parser that traps kills the test process, so "no crash" is the run finishing; each check
/// asserts that every failure is the parser's typed error.
struct Fuzzer {
    /// Inputs per run and the time it may take (the executions stop at whichever comes first).
    /// `FERRY_FUZZ_SECONDS` and `FERRY_FUZZ_SEED` run a longer search by hand (the seed is
    /// mixed into each test's own, so the tests still differ).
    var iterations: Int
    var budget: TimeInterval
    private var random: SplitMix

    init(seed: UInt64) {
        let environment = ProcessInfo.processInfo.environment
        let extra = environment["FERRY_FUZZ_SEED"].flatMap { UInt64($0) } ?? 0
        budget = environment["FERRY_FUZZ_SECONDS"].flatMap { TimeInterval($0) } ?? 4
        iterations = budget > 4 ? .max - 1_000 : 20_000
        random = SplitMix(state: seed ^ extra)
    }

    /// Bytes that matter to references, CSV and labels, plus some that should never be there.
    static let alphabet: [[UInt8]] = [
        ":", "/", "@", ",", "\"", "\n", "\r", "#", "*", "=", " ", "\t", ".", "-", "_", "sha256:", "localhost:5000",
        "tags=/", "/", "\0", "\u{1b}", "\u{FEFF}", "\u{202E}", "é", "\u{0085}", "\u{2028}", "A", "0", "[::1]", "\\",
    ].map { Array($0.utf8) } + [[0xFF], [0xC3], [0xE2, 0x80]]

    /// Runs `check` on every seed, then on `iterations` mutants; returns how many ran.
    mutating func run(seeds: [String], _ check: (String) throws -> Void) rethrows -> Int {
        let started = Date()
        let corpus = seeds.map { Array($0.utf8) }
        var executed = 0
        for seed in seeds {
            try check(seed)
            executed += 1
        }
        while executed < iterations + seeds.count, Date().timeIntervalSince(started) < budget {
            var bytes = corpus[random.below(corpus.count)]
            for _ in 0...random.below(4) { mutate(&bytes, corpus: corpus) }
            try check(String(decoding: bytes, as: UTF8.self))
            executed += 1
        }
        return executed
    }

    private mutating func mutate(_ bytes: inout [UInt8], corpus: [[UInt8]]) {
        let at = random.below(bytes.count + 1)
        switch random.below(7) {
        case 0:   // insert a meaningful token
            bytes.insert(contentsOf: Self.alphabet[random.below(Self.alphabet.count)], at: at)
        case 1:   // delete a range
            guard !bytes.isEmpty, at < bytes.count else { return }
            bytes.removeSubrange(at..<min(bytes.count, at + 1 + random.below(8)))
        case 2:   // flip to a random byte
            guard at < bytes.count else { return }
            bytes[at] = UInt8(truncatingIfNeeded: random.next())
        case 3:   // duplicate a chunk many times (long lines, deep repetition)
            guard at < bytes.count else { return }
            let chunk = Array(bytes[at..<min(bytes.count, at + 1 + random.below(16))])
            let times = random.below(64) == 0 ? 4_096 : 1 + random.below(8)
            bytes.insert(contentsOf: Array(repeating: chunk, count: times).joined(), at: at)
        case 4:   // splice in part of another seed
            let other = corpus[random.below(corpus.count)]
            let from = random.below(other.count + 1)
            bytes.insert(contentsOf: other[from..<min(other.count, from + random.below(32))], at: at)
        case 5:   // truncate
            bytes.removeSubrange(at...)
        default:  // swap two bytes
            guard bytes.count > 1 else { return }
            bytes.swapAt(random.below(bytes.count), random.below(bytes.count))
        }
    }
}
