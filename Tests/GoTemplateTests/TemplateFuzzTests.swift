import Foundation
import GoTemplate
import Testing

/// Seeded random inputs through the lexer, parser and evaluator: random bytes, and mutants of the
/// corpus (bytes flipped, spans cut or repeated, syntax fragments inserted, seeds spliced).
/// Whatever the input, the engine must not crash and must fail only with a `TemplateError`.
@Suite struct TemplateFuzzTests {
    /// Tight limits keep each run short; a run that hits them fails with a TemplateError.
    static let limits = TemplateLimits(maxDepth: 300, maxOutputBytes: 1 << 16, maxStringBytes: 1 << 16,
                                       maxValueElements: 1 << 12, timeLimit: .milliseconds(20))
    /// A fixed seed and count keep CI deterministic and under ten seconds; the environment may
    /// ask for a longer hunt (`FERRY_FUZZ_ITERATIONS=200000 FERRY_FUZZ_SEED=7`).
    static let environment = ProcessInfo.processInfo.environment
    static let iterations = environment["FERRY_FUZZ_ITERATIONS"].flatMap { Int($0) } ?? 6_000
    static let seed = environment["FERRY_FUZZ_SEED"].flatMap { UInt64($0) } ?? 0x5EED_F3EE

    @Test func randomAndMutatedTemplatesFailOnlyWithTemplateErrors() throws {
        var random = GeneratedCases.Generator(state: Self.seed)
        let data = try TemplateValue(json: Data(ConformanceCases.data.utf8))
        let seeds = FuzzCorpus.seeds
        var stats = (parsed: 0, executed: 0, parseErrors: 0, execErrors: 0)
        let start = ContinuousClock.now
        for iteration in 0..<Self.iterations {
            let text = iteration % 8 == 0
                ? Self.randomBytes(&random)
                : Self.mutate(seeds[Int.random(in: 0..<seeds.count, using: &random)], seeds, &random)
            let template: Template
            do {
                template = try Template(name: "fuzz", text: text, limits: Self.limits)
                stats.parsed += 1
            } catch {
                stats.parseErrors += 1
                Self.expectTemplateError(error, text)
                continue
            }
            do {
                let output = try template.execute(data)
                stats.executed += 1
                #expect(output.utf8.count <= Self.limits.maxOutputBytes, "output over the limit for \(text.debugDescription)")
            } catch {
                stats.execErrors += 1
                Self.expectTemplateError(error, text)
            }
        }
        print("fuzz: \(Self.iterations) inputs, \(stats.parsed) parsed (\(stats.executed) ran, \(stats.execErrors) exec errors),"
              + " \(stats.parseErrors) parse errors, in \(ContinuousClock.now - start)")
    }

    static func expectTemplateError(_ error: any Error, _ text: String) {
        #expect(error is TemplateError, "not a TemplateError: \(error) for \(text.debugDescription)")
        #expect("\(error)".hasPrefix("template: "), "\(error) for \(text.debugDescription)")
    }

    static func randomBytes(_ random: inout GeneratedCases.Generator) -> String {
        let count = Int.random(in: 0..<64, using: &random)
        let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &random) }
        // Mostly template-ish: random bytes rarely contain "{{".
        return Bool.random(using: &random) ? String(decoding: bytes, as: UTF8.self)
            : "{{" + String(decoding: bytes.map { 0x20 + $0 % 0x5F }, as: UTF8.self) + "}}"
    }

    static func mutate(_ seed: String, _ seeds: [String], _ random: inout GeneratedCases.Generator) -> String {
        var bytes = Array(seed.utf8)
        for _ in 0..<Int.random(in: 1...3, using: &random) {
            let position = bytes.isEmpty ? 0 : Int.random(in: 0...bytes.count, using: &random)
            switch Int.random(in: 0..<6, using: &random) {
            case 0 where position < bytes.count:
                bytes[position] = UInt8.random(in: 0...255, using: &random)
            case 1 where position < bytes.count:
                let end = min(bytes.count, position + Int.random(in: 1...8, using: &random))
                bytes.removeSubrange(position..<end)
            case 2 where position < bytes.count:
                let end = min(bytes.count, position + Int.random(in: 1...16, using: &random))
                let span = bytes[position..<end]
                bytes.insert(contentsOf: Array(repeating: span, count: Int.random(in: 1...20, using: &random)).joined(),
                             at: position)
            case 3:
                let other = Array(seeds[Int.random(in: 0..<seeds.count, using: &random)].utf8)
                bytes = Array(bytes[..<position]) + other[Int.random(in: 0...other.count, using: &random)...]
            default:
                let fragment = FuzzCorpus.fragments[Int.random(in: 0..<FuzzCorpus.fragments.count, using: &random)]
                bytes.insert(contentsOf: fragment.utf8, at: position)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Inputs the fuzzer found crashing, kept as plain cases.
@Suite struct FuzzFindingsTests {
    /// A parse error inside `block` left the variables in scope shorter than the `if` around it
    /// had recorded, and trimming them back to that count trapped.
    @Test func aParseErrorInsideABlockInsideAnIfAfterAVariable() {
        #expect(throws: TemplateError.self) { try Template(name: "t", text: #"{{$y := 1}}{{if true}}{{block "b" .}}{{(}}"#) }
        #expect(throws: TemplateError.self) { try Template(name: "t", text: #"{{$y := 1}}{{range .}}{{block "b" .}}"#) }
    }
}
