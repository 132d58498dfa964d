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
        let executed = try fuzzer.run(seeds: ReferenceCorpus.seeds) { text in
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
        var fuzzer = Fuzzer(seed: 0xF0_22_02)
        let executed = try fuzzer.run(seeds: ListFileCorpus.sourcesLists) { text in
            let lines = Self.lineCount(text)
            do {
                for entry in try SourcesList.parse(text, file: "s.list") {
                    #expect((1...lines).contains(entry.line), "\(GoJSON.quote(text))")
                    #expect(!entry.reference.isEmpty && !entry.reference.unicodeScalars.contains { $0.properties.isWhitespace })
                }
            } catch let error as ListFileError {
                #expect(error.file == "s.list" && (1...max(1, lines)).contains(error.line), "\(GoJSON.quote(text)): \(error)")
            } catch {
                Issue.record("\(GoJSON.quote(text)): untyped \(type(of: error)): \(error)")
            }
        }
        print("fuzz sources.list: \(executed) executions")
    }

    @Test func mappingFilesParseOrThrowListFileError() throws {
        var fuzzer = Fuzzer(seed: 0xF0_22_03)
        let executed = try fuzzer.run(seeds: ListFileCorpus.mappings) { text in
            let lines = Self.lineCount(text)
            do {
                for rule in try MappingFile.parse(text, file: "m.csv") {
                    #expect((1...lines).contains(rule.line), "\(GoJSON.quote(text))")
                    #expect(!rule.destination.isEmpty, "\(GoJSON.quote(text))")
                    // What a mapper then does with the destination: a reference or a typed error.
                    do { _ = try Reference(parsing: rule.destination + "app:1") } catch is OCIError {}
                }
            } catch let error as ListFileError {
                #expect(error.file == "m.csv" && (1...max(1, lines)).contains(error.line), "\(GoJSON.quote(text)): \(error)")
            } catch {
                Issue.record("\(GoJSON.quote(text)): untyped \(type(of: error)): \(error)")
            }
        }
        print("fuzz mapping CSV: \(executed) executions")
    }

    /// Lines as a reader counts them (a final line without a newline counts).
    static func lineCount(_ text: String) -> Int {
        text.unicodeScalars.filter { $0 == "\n" }.count + 1
    }
}
