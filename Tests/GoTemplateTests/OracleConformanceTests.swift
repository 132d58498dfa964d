import Foundation
import GoTemplate
import Testing

/// Renders every case with Go's text/template + sprig (through `Oracle/oracle.go`) and with
/// GoTemplate, and requires the same output, or, for errors, the same `template: NAME:LINE[:COL]:`.
@Suite struct OracleConformanceTests {
    static let cases = ConformanceCases.all + SprigCases.all + SharedMapCases.all + GeneratedCases.cases(count: 400)

    /// `template: NAME:LINE:COL:` (execution) or `template: NAME:LINE:` (parse).
    static func location(_ message: String) -> String {
        let parts = message.split(separator: ":", maxSplits: 4, omittingEmptySubsequences: false)
        guard parts.count >= 3, parts[0] == "template" else { return message }
        var location = parts[0...2].joined(separator: ":")
        if parts.count > 3, Int(parts[3]) != nil { location += ":" + parts[3] }
        return location
    }

    /// The oracle runs Debian's Go 1.19; ace-dt is built with Go 1.24, which ranges over integers
    /// (Go 1.22+). GoTemplate follows ace-dt there, so those 1.19 errors are not compared.
    static func isRangeOverInteger(_ message: String) -> Bool {
        guard let range = message.range(of: "range can't iterate over ") else { return false }
        return Int(message[range.upperBound...]) != nil
    }

    static func swiftResult(_ testCase: OracleCase) -> OracleResult {
        do {
            let template = try Template(name: testCase.name, text: testCase.text)
            return OracleResult(out: try template.execute(try testCase.value()), err: nil)
        } catch {
            return OracleResult(out: "", err: "\(error)")
        }
    }

    @Test func matchesGoTextTemplate() throws {
        let started = Date()
        let expected: [OracleResult]
        do {
            expected = try Oracle.render(Self.cases)
        } catch {
            Issue.record("\(error)")
            return
        }
        try #require(expected.count == Self.cases.count)
        var mismatches: [String] = []
        for (testCase, go) in zip(Self.cases, expected) {
            let swift = Self.swiftResult(testCase)
            switch (go.err, swift.err) {
            case (nil, nil) where go.out == swift.out: continue
            case (let goError?, let swiftError?) where Self.location(goError) == Self.location(swiftError): continue
            case (let goError?, _) where Self.isRangeOverInteger(goError): continue
            default:
                mismatches.append("""
                    \(testCase.name): \(testCase.text.debugDescription)
                      go:    \(go.err.map { "error \($0)" } ?? go.out.debugDescription)
                      swift: \(swift.err.map { "error \($0)" } ?? swift.out.debugDescription)
                    """)
            }
        }
        let seconds = Date().timeIntervalSince(started)
        print("GoTemplate oracle: \(Self.cases.count) cases compared in \(String(format: "%.1f", seconds))s, \(mismatches.count) mismatches")
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(Self.cases.count) differ from Go:\n\(mismatches.joined(separator: "\n"))")
    }
}
