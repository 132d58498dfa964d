import Foundation
import GoTemplate
import Testing

/// Go's `call` builtin against the oracle. ferry's data has no functions, so every case fails;
/// the whole error text must be Go's. The oracle's Go 1.19 prints `non-function of type T`, Go
/// 1.21+ (ace-dt's) names the callee: `non-function NAME of type T`; the expected NAME is part of
/// each case, and inserted into Go 1.19's text before comparing.
@Suite struct CallOracleTests {
    /// (template, the callee name Go 1.21+ prints, or nil where the error does not name it).
    static let cases: [(String, String?)] = [
        ("{{call}}", nil), ("{{call nil}}", nil), ("{{call .nothing}}", nil), ("{{call .missing}}", nil),
        ("{{call .map.missing}}", nil), ("{{.nothing | call}}", nil), ("{{call .missing 1 2}}", nil),
        ("{{call .name}}", ".name"), ("{{call .count}}", ".count"), ("{{call .pi}}", ".pi"), ("{{call .flag}}", ".flag"),
        ("{{call .list}}", ".list"), ("{{call .map}}", ".map"), ("{{call .map.c}}", ".map.c"), ("{{call .}}", "."),
        ("{{call .emptyMap}}", ".emptyMap"), ("{{call .items}}", ".items"), ("{{call (index .items 0)}}", "index .items 0"),
        (#"{{call "x" 1 2}}"#, #""x""#), ("{{call `raw`}}", "`raw`"), ("{{call 1}}", "1"), ("{{call 1.5}}", "1.5"),
        ("{{call 0x10}}", "0x10"), ("{{call 'a'}}", "'a'"), ("{{call true}}", "true"),
        ("{{call (list 1)}}", "list 1"), (#"{{call (dict "a" 1)}}"#, #"dict "a" 1"#), ("{{call list}}", "list"),
        ("{{$x := .name}}{{call $x}}", "$x"), ("{{$m := .map}}{{call $m.c}}", "$m.c"), ("{{call $}}", "$"),
        ("{{call (.map).c}}", "(.map).c"), ("{{call ($x := 1)}}", "$x := 1"), ("{{call (1 | print)}}", "1 | print"),
        (#"{{"s" | call}}"#, "s"), ("{{1 | call}}", "<int Value>"), ("{{.map | call}}", "<map[string]interface {} Value>"),
        ("{{.list | call}}", "<[]interface {} Value>"), ("{{.pi | call}}", "<float64 Value>"), ("{{.name | call 1}}", "1"),
        ("{{call (int64 3)}}", "int64 3"), (#"{{call (splitList "," "a")}}"#, #"splitList "," "a""#),
        (#"{{call (split "," "a")}}"#, #"split "," "a""#), ("{{call (until 2)}}", "until 2"),
        ("{{call (toDecimal 1)}}", "toDecimal 1"), (#"{{call (atoi "1")}}"#, #"atoi "1""#),
        (#"{{call (semver "1.2.3")}}"#, #"semver "1.2.3""#), (#"{{call (fromJson "{}")}}"#, #"fromJson "{}""#),
        (#"{{call .name 1 (fail "first")}}"#, nil), ("{{call .name | print}}", ".name"),
        ("{{if call .name}}{{end}}", ".name"), ("{{range call .list}}{{end}}", ".list"),
    ]

    /// Go 1.19's error as Go 1.21+ prints it, then as `CryptoOracleTests.comparable` shows it.
    static func goText(_ error: String, callee: String?) -> String {
        var message = error
        if let callee { message = message.replacingOccurrences(of: "non-function of type", with: "non-function \(callee) of type") }
        return CryptoOracleTests.comparable(message)
    }

    @Test func everyCallFailsAsInGo() throws {
        let cases = Self.cases.map { OracleCase(name: "call", text: $0.0, data: ConformanceCases.data) }
        let expected = try Oracle.render(cases)
        try #require(expected.count == cases.count)
        var mismatches: [String] = []
        for ((text, callee), (testCase, go)) in zip(Self.cases, zip(cases, expected)) {
            let swift = OracleConformanceTests.swiftResult(testCase)
            let goError = go.err.map { Self.goText($0, callee: callee) }
            if go.err == nil || go.out != swift.out || goError != swift.err.map(CryptoOracleTests.comparable) {
                mismatches.append("\(text)\n  go:    \(goError ?? go.out.debugDescription)\n  swift: \(swift.err ?? swift.out.debugDescription)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(cases.count) differ from Go:\n\(mismatches.joined(separator: "\n"))")
    }

    /// ace-dt's descriptor types (the oracle's own Go types are named differently, so these are
    /// checked here, with the names ace-dt's image-spec types print).
    @Test func descriptorFieldsAreNotFunctions() throws {
        let descriptor = DescriptorSpec(annotations: ["k": "v"]).templateValue
        let expected = [
            "{{call .Platform}}": "non-function .Platform of type *v1.Platform",
            "{{call .Size}}": "non-function .Size of type int64",
            "{{call .Annotations}}": "non-function .Annotations of type map[string]string",
            "{{call .Digest}}": "non-function .Digest of type digest.Digest",
            "{{.Digest | call}}": "non-function \(DescriptorSpec().digest) of type digest.Digest",
            "{{call .URLs}}": "non-function .URLs of type []string",
            "{{call .}}": "non-function . of type v1.Descriptor",
        ]
        for (text, message) in expected {
            let failure = #expect(throws: (any Error).self) { try Template(name: "d", text: text).execute(descriptor) }
            #expect("\(failure.map { "\($0)" } ?? "")".hasSuffix("error calling call: " + message), "\(text)")
        }
    }
}
