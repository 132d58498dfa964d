import GoTemplate
import Testing

/// Lexer and parser errors carry Go's `template: NAME:LINE: message`.
@Suite struct ParserTests {
    func parseError(_ text: String) -> String {
        do {
            _ = try Template(name: "p", text: text)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    @Test func parseErrorsNameTheLine() {
        #expect(parseError("a\n{{.x") == "template: p:2: unclosed action")
        #expect(parseError("{{end}}") == "template: p:1: unexpected {{end}}")
        #expect(parseError("\n\n{{nofunc}}") == "template: p:3: function \"nofunc\" not defined")
        #expect(parseError("{{$x}}") == "template: p:1: undefined variable \"$x\"")
        #expect(parseError("{{if .a}}") == "template: p:1: unexpected EOF")
        #expect(parseError("{{break}}") == "template: p:1: {{break}} outside {{range}}")
        #expect(parseError("{{/* x }}") == "template: p:1: unclosed comment")
        #expect(parseError("{{1 | 2}}") == "template: p:1: non executable command in pipeline stage 2")
        #expect(parseError("{{\"a}}") == "template: p:1: unterminated quoted string")
    }

    @Test func execErrorsNameLineAndColumn() {
        do {
            _ = try Template(name: "e", text: "x\n  {{.a.b}}").execute(["a": 1])
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".hasPrefix("template: e:2:6: executing \"e\" at <.a.b>: can't evaluate field b"))
        }
    }

    @Test func trimMarkersAndComments() throws {
        let template = try Template(name: "t", text: "a  {{- /* c */ -}}  b {{- 1 -}} \n c")
        #expect(try template.execute(.none) == "ab1c")
    }

    @Test func defineAndBlock() throws {
        let template = try Template(name: "t", text: "{{define \"x\"}}<{{.}}>{{end}}{{template \"x\" 1}}{{block \"y\" 2}}[{{.}}]{{end}}")
        #expect(try template.execute(.none) == "<1>[2]")
    }
}
