import GoTemplate
import Testing

/// Recursion through `template` must end in Go's depth error, never in a stack overflow.
@Suite struct DepthLimitTests {
    static let selfRecursive = #"{{define "a"}}{{template "a" .}}{{end}}{{template "a" .}}"#
    static let mutual = #"{{define "a"}}x{{template "b" .}}{{end}}{{define "b"}}{{template "a" .}}{{end}}{{template "a" .}}"#

    func executionError(_ text: String, stackSize: Int = 512 * 1024) -> String {
        SmallStack.run(stackSize: stackSize) {
            do {
                _ = try Template(name: "t", text: text).execute(.none)
                return "no error"
            } catch {
                return "\(error)"
            }
        }
    }

    @Test(arguments: [selfRecursive, mutual])
    func recursionStopsAtTheDepthLimitOnASmallStack(text: String) {
        let message = executionError(text)
        #expect(message.hasPrefix("template: t:1:"))
        #expect(message.contains("exceeded maximum template depth"))
    }

    @Test func selfRecursionReportsGoWording() {
        let message = executionError(Self.selfRecursive, stackSize: 8 << 20)
        #expect(message == #"template: t:1:25: executing "a" at <{{template "a" .}}>: exceeded maximum template depth (10000)"#)
    }
}

/// The costliest levels the limit allows still fit the engine's own stack, and nesting written in
/// the text stops at `maxNesting` while parsing, so neither the parser nor freeing the tree
/// overflows the caller's stack.
@Suite struct NestingLimitTests {
    @Test func recursionThroughEveryControlStructureStopsAtTheDepthLimit() {
        let text = #"{{define "a"}}{{if (not false)}}{{with (list 1)}}{{range .}}{{template "a" .}}{{end}}{{end}}{{end}}{{end}}"#
            + #"{{template "a" .}}"#
        let message = DepthLimitTests().executionError(text)
        #expect(message.contains("exceeded maximum template depth (10000)"))
    }

    @Test(arguments: [("{{if true}}", "{{end}}", ""), ("{{with 1}}", "{{end}}", ""), ("{{range 1}}", "{{end}}", ""),
                      ("(", ")", "{{"), ("print (", ")", "{{")])
    func nestingInTheTextStopsAtTheNestingLimit(open: String, close: String, delimiter: String) {
        let deep = delimiter + String(repeating: open, count: 1_001) + "1" + String(repeating: close, count: 1_001)
            + (delimiter.isEmpty ? "" : "}}")
        let message = DepthLimitTests().executionError(deep)
        #expect(message.hasPrefix("template: t:1: max "))
        #expect(message.contains("depth exceeded (1000)"))
    }

    @Test func aLongElseIfChainIsNesting() {
        let chain = "{{if false}}" + String(repeating: "{{else if false}}", count: 1_000) + "{{end}}"
        #expect(DepthLimitTests().executionError(chain).contains("max nesting depth exceeded (1000)"))
    }

    @Test func theDeepestTreeAllowedIsFreedOnASmallStack() {
        let deep = String(repeating: "{{if true}}", count: 999) + "x" + String(repeating: "{{end}}", count: 999)
        let output = SmallStack.run {
            // Parsed, run and dropped on a 512 KiB thread: the tree is freed here.
            (try? Template(name: "t", text: deep).execute(.none)) ?? "error"
        }
        #expect(output == "x")
    }

    /// Each call here is two levels: the template and its `if` body.
    @Test func aTemplateDepthOfItsOwnIsHonoured() throws {
        let limits = TemplateLimits(maxDepth: 50)
        let template = try Template(name: "t", text: DepthLimitTests.selfRecursive, limits: limits)
        #expect(throws: TemplateError.self) { try template.execute(.none) }
        let text = #"{{define "a"}}{{if lt . 20}}{{template "a" add1 .}}{{else}}{{.}}{{end}}{{end}}{{template "a" 0}}"#
        #expect(try Template(name: "t", text: text, limits: limits).execute(.none) == "20")
    }
}
