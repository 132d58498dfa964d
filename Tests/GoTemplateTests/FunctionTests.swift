import GoTemplate
import Testing

/// Unit tests of individual functions and printing rules (the oracle test covers breadth).
@Suite struct FunctionTests {
    func render(_ text: String, _ data: TemplateValue = .none) throws -> String {
        try Template(name: "t", text: text).execute(data)
    }

    @Test func aceReferenceFunctions() throws {
        let data: TemplateValue = ["ref": "reg.example.com:5000/team/app:v1"]
        #expect(try render("{{Tag .ref}}|{{Repository .ref}}|{{Registry .ref}}|{{Package .ref}}", data)
            == "v1|team/app|reg.example.com:5000|team/app:v1")
        #expect(try render("{{tag .ref}}|{{package .ref}}", data) == "v1|team/app:v1")
        #expect(throws: TemplateError.self) { try render("{{Tag \"noslash\"}}") }
    }

    @Test func descriptorBehavesLikeOCIDescriptor() throws {
        let descriptor = TemplateValue.ociDescriptor(
            mediaType: "m", digest: "sha256:00", size: 7,
            annotations: ["vnd.act3-ace.manifest.source": "docker.io/library/busybox:1.36"])
        #expect(try render("{{index .Annotations \"vnd.act3-ace.manifest.source\"}}", descriptor) == "docker.io/library/busybox:1.36")
        #expect(try render("[{{index .Annotations \"nope\"}}] {{.Annotations.nope}} {{.Platform}} {{.Size}}", descriptor)
            == "[] <no value> <nil> 7")
        #expect(throws: TemplateError.self) { try render("{{.Platform.OS}}", descriptor) }
        #expect(throws: TemplateError.self) { try render("{{hasPrefix \"sha\" .Digest}}", descriptor) }
        let withPlatform = TemplateValue.ociDescriptor(mediaType: "m", digest: "d", size: 1,
                                                       platform: .init(architecture: "arm64", os: "linux"))
        #expect(try render("{{.Platform.OS}}/{{.Platform.Architecture}} {{.Platform}}", withPlatform)
            == "linux/arm64 {arm64 linux  [] }")
    }

    @Test func goPrinting() throws {
        let data: TemplateValue = ["m": ["b": 2, "a": [1.5, 1e21, 1e-5, nil]], "s": .structure(typeName: "T", fields: [
            .init(name: "A", value: "x"), .init(name: "B", value: 2),
        ])]
        #expect(try render("{{.m}} {{.s}} {{.nope}} {{print .nope}}", data) == "map[a:[1.5 1e+21 1e-05 <nil>] b:2] {x 2} <no value> <nil>")
        #expect(try render("{{printf \"%5.2f|%-4d|%q|%x|%d\" 3.14159 7 \"a\" \"hi\" \"s\"}}") == " 3.14|7   |\"a\"|6869|%!d(string=s)")
        #expect(try render("{{printf \"%s\"}} {{printf \"x\" 1}}") == "%!s(MISSING) x%!(EXTRA int=1)")
    }

    @Test func rangeOverIntegerAndElseWith() throws {
        // Go 1.22+ (ace-dt builds with Go 1.24): range over an int; Go 1.23: else with.
        #expect(try render("{{range $i := 3}}{{$i}}{{end}}") == "012")
        #expect(try render("{{with .a}}a{{else with .b}}b={{.}}{{else}}none{{end}}", ["b": "B"]) == "b=B")
    }

    @Test func sprigDictsMutateThroughVariables() throws {
        #expect(try render("{{$d := dict \"a\" 1}}{{$_ := set $d \"b\" 2}}{{$d}}") == "map[a:1 b:2]")
        #expect(try render("{{keys (dict \"b\" 1 \"a\" 2) | join \",\"}}") == "a,b")
    }

    /// Each execution changes its own copy of the caller's maps, so running one template twice
    /// (or on two threads at once) on the same data gives the same output.
    @Test func executionsDoNotShareTheirDatasMaps() async throws {
        let template = try Template(name: "t", text: #"{{$_ := set .m "n" (len .m)}}{{.m}}"#)
        let data: TemplateValue = ["m": ["a": 1]]
        #expect(try template.execute(data) == "map[a:1 n:1]")
        #expect(try template.execute(data) == "map[a:1 n:1]")
        let outputs = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<8 { group.addTask { try template.execute(data) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outputs == Array(repeating: "map[a:1 n:1]", count: 8))
    }

    /// A dict put into itself would make Go overflow its stack when printed; ferry stops at the
    /// set or merge that closes the loop.
    @Test func aDictHoldingItselfIsAnError() throws {
        for text in [#"{{$d := dict}}{{$_ := set $d "self" $d}}{{$d}}"#,
                     #"{{$d := dict "a" (dict)}}{{$_ := merge $d (dict "a" $d)}}{{$d}}"#,
                     #"{{$d := dict}}{{$e := dict "d" $d}}{{$_ := set $d "e" $e}}{{$e}}"#] {
            let error = #expect(throws: (any Error).self, "\(text)") { try render(text) }
            #expect("\(error.map { "\($0)" } ?? "")".contains("result nests deeper than the limit of 1000 levels"), "\(text)")
        }
    }

    @Test func caseConversion() throws {
        #expect(try render("{{snakecase \"MyAPIKey\"}} {{kebabcase \"helloWorld\"}}") == "my_api_key hello-world")
    }

    /// toJson writes strings as Go ≥ 1.22 does (ace-dt's Go): `\b` and `\f` short, HTML and
    /// JavaScript line terminators escaped; the same bytes as ferry's manifests (OCI's GoJSON).
    @Test func toJsonEscapesAsGo122() throws {
        let data: TemplateValue = ["s": "\u{08}\u{0C}\u{01}\u{1F}\u{7F}<>&\u{2028}\u{2029}/é"]
        #expect(try render("{{toJson .s}}", data) == #""\b\f\u0001\u001f\#u{7F}\u003c\u003e\u0026\u2028\u2029/é""#)
        #expect(try render("{{toPrettyJson (dict \"k\" (list .s))}}", data)
            == "{\n  \"k\": [\n    " + #""\b\f\u0001\u001f\#u{7F}\u003c\u003e\u0026\u2028\u2029/é""# + "\n  ]\n}")
    }
}
