import Config
import Foundation
import OCI
import Testing

/// Seeded fuzzing of the parsers that read what users type or files they were handed: the
/// reference grammar, sources.list and the mapping CSV. Each must return a value or throw its
/// own typed error, for any input, without trapping; accepted values must hold their invariants.
/// Fixed seeds and bounded runs (4 s each, one at a time), so a failure reproduces.
@Suite(.serialized) struct ParserFuzzTests {
    @Test func referencesParseOrThrowOCIError() throws {
        var fuzzer = Fuzzer(seed: 0xF0_22_01)
        let executed = fuzzer.run(seeds: ReferenceCorpus.seeds) { text in
            do {
                let reference = try Reference(parsing: text)
                // What is accepted prints back to itself: stored references never change meaning.
                let again = try Reference(parsing: reference.description)
                #expect(again.description == reference.description, "\(GoJSON.quote(text))")
                #expect(!reference.repository.isEmpty && !reference.registry.isEmpty)
            } catch is OCIError {
            } catch {
                Issue.record("\(GoJSON.quote(text)): untyped \(type(of: error)): \(error)")
            }
        }
        print("fuzz references: \(executed) executions")
    }

    @Test func sourcesListsParseOrThrowListFileError() throws {
        let executed = try Self.fuzzListFile(seed: 0xF0_22_02, seeds: ListFileCorpus.sourcesLists, file: "s.list") { text in
            try SourcesList.parse(text, file: "s.list").map { entry in
                #expect(!entry.reference.isEmpty && !entry.reference.unicodeScalars.contains { $0.properties.isWhitespace })
                return entry.line
            }
        }
        print("fuzz sources.list: \(executed) executions")
    }

    @Test func mappingFilesParseOrThrowListFileError() throws {
        let executed = try Self.fuzzListFile(seed: 0xF0_22_03, seeds: ListFileCorpus.mappings, file: "m.csv") { text in
            try MappingFile.parse(text, file: "m.csv").map { rule in
                #expect(!rule.destination.isEmpty, "\(GoJSON.quote(text))")
                // What a mapper then does with the destination: a reference or a typed error.
                do { _ = try Reference(parsing: rule.destination + "app:1") } catch is OCIError {}
                return rule.line
            }
        }
        print("fuzz mapping CSV: \(executed) executions")
    }

    /// Fuzzes a list-file parser that returns the line of each record: lines and error
    /// locations must lie in the text, and every failure must be a `ListFileError` (or several) for `file`.
    static func fuzzListFile(seed: UInt64, seeds: [String], file: String, parse: (String) throws -> [Int]) throws -> Int {
        var fuzzer = Fuzzer(seed: seed)
        return fuzzer.run(seeds: seeds) { text in
            let lines = lineCount(text)
            do {
                for line in try parse(text) { #expect((1...lines).contains(line), "\(GoJSON.quote(text))") }
            } catch let error as ListFileError {
                #expect(error.file == file && (1...lines).contains(error.line), "\(GoJSON.quote(text)): \(error)")
            } catch let errors as ListFileErrors {
                #expect(errors.problems.count > 1, "\(GoJSON.quote(text)): \(errors)")
                for error in errors.problems {
                    #expect(error.file == file && (1...lines).contains(error.line), "\(GoJSON.quote(text)): \(error)")
                }
            } catch {
                Issue.record("\(GoJSON.quote(text)): untyped \(type(of: error)): \(error)")
            }
        }
    }

    /// Lines as a reader counts them (a final line without a newline counts).
    static func lineCount(_ text: String) -> Int {
        text.unicodeScalars.filter { $0 == "\n" }.count + 1
    }
}
