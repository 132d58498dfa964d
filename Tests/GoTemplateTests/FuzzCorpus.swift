/// Seeds for `TemplateFuzzTests`: the conformance templates (every construct and function) plus
/// the hostile shapes the limits exist for, and the fragments mutations splice in.
enum FuzzCorpus {
    static let hostile: [String] = [
        #"{{define "a"}}{{template "a" .}}{{end}}{{template "a" .}}"#,
        #"{{define "a"}}x{{template "b" .}}{{end}}{{define "b"}}{{template "a" .}}{{end}}{{template "a" .}}"#,
        #"{{block "b" .}}{{range .list}}{{template "b" .}}{{end}}{{end}}"#,
        #"{{repeat 1000000000 "x"}}"#, #"{{range 1000000000}}{{end}}"#,
        #"{{$s := "ab"}}{{range 64}}{{$s = printf "%s%s" $s $s}}{{end}}{{len $s}}"#,
        #"{{$l := list 1}}{{range 64}}{{$l = list $l $l}}{{end}}{{$l}}"#,
        #"{{printf "%*d" 1000000 (splitList "" .words)}}"#, #"{{printf "%-9999999v|%.3q" .list .name}}"#,
        #"{{regexMatch "(a+)+$" (printf "%sb" (repeat 40 "a"))}}"#,
        #"{{regexReplaceAll "(?P<x>[a-z]+)" .words "${x}$1$$"}}{{regexSplit "" .csv -1}}"#,
        #"{{indent 8 (toPrettyJson .)}}{{nindent 2 (join "\n" .list)}}"#,
        #"{{with $x := dict "a" (list 1 2 (dict "b" .map))}}{{toJson $x}}{{range $k, $v := $x}}{{$k}}{{end}}{{end}}"#,
        #"{{if .flag}}{{else if .off}}{{else with .map}}{{.a}}{{else}}{{end}}"#,
        #"{{range $i, $e := .items}}{{if eq $i 1}}{{break}}{{end}}{{$e.n}}{{continue}}{{end}}"#,
        "{{(((((((((((1)))))))))))}}", "{{- /* c */ -}}{{`raw`}}{{'\\n'}}{{0x1p4}}{{1_000}}",
    ]

    static var seeds: [String] { ConformanceCases.templates + ConformanceCases.descriptorTemplates + hostile }

    /// Pieces of template syntax that mutations insert, so mutants reach the parser's and
    /// evaluator's deeper paths instead of failing at the first byte.
    static let fragments: [String] = [
        "{{", "}}", "{{-", "-}}", "(", ")", "|", ".", "$", "$x", ":=", "=", ",", "\"", "`", "'", " ", "\n",
        "{{end}}", "{{else}}", "{{if .flag}}", "{{range .list}}", "{{range 1000}}", "{{with .map}}",
        "{{break}}", "{{continue}}", "{{define \"a\"}}", "{{template \"a\" .}}", "{{block \"a\" .}}",
        "printf \"%*d\" ", "repeat 100000 ", "list", "dict \"k\" ", "index . ", "nil", "true", "1e308",
        "-9223372036854775808", "0x", "/*", "*/", "\u{0}", "\u{FFFD}", "é", "%", "%!v",
    ]
}
