/// Hand-written conformance cases: every construct, builtin and supported sprig function, Go's
/// printing and truth rules, error positions, and ace-dt's documented scatter templates.
enum ConformanceCases {
    static let hex64 = String(repeating: "0123456789abcdef", count: 4)

    /// Dot for most cases.
    static let data = """
        {"name":"ferry","count":3,"pi":3.5,"big":1000000,"small":0.00001,"neg":-2,"flag":true,"off":false,
         "empty":"","nothing":null,"list":["a","b","c"],"nums":[3,1,2],"mixed":[1,"x",true,null,2.5],
         "map":{"b":2,"a":1,"c":{"d":"deep"}},"emptyList":[],"emptyMap":{},
         "ref":"reg.example.com/team/app:v1.2","digestRef":"reg.example.com/team/app@sha256:\(hex64)",
         "words":"hello big world","csv":"a,b,,c","spaces":"  padded \\n ","html":"<a href='x'>&</a>",
         "num":"42","items":[{"n":"x","v":1},{"n":"y","v":2}],"Upper":{"Field":"F"}}
        """

    static let templates: [String] = [
        // text, trim markers, comments
        "plain text", "a {{- \" b \" -}} c", "a  {{- 1}}  b", "{{1 -}}  \n x", "x{{/* comment */}}y",
        "x {{- /* c */ -}} y", "{{- /* only */ -}}", "{{\"a\"}}{{`raw\\n`}}{{'a'}}",
        // fields and printing
        "{{.name}} {{.count}} {{.pi}} {{.big}} {{.small}} {{.neg}} {{.flag}} {{.nothing}}",
        "{{.missing}} {{.map.missing}} {{.map.c.d}} {{.map.c}} {{.map}} {{.list}} {{.mixed}} {{.emptyList}} {{.emptyMap}}",
        "{{.}}", "{{.items}}", "{{.Upper.Field}}", "{{.missing.deeper}}", "{{.name.x}}", "{{.list.x}}",
        "{{$}}", "{{$.name}}", "{{(.map).a}}", "{{(index .items 1).n}}", "{{(.map.c).d}}",
        // variables
        "{{$x := .name}}{{$x}}", "{{$x := 1}}{{$x = 2}}{{$x}}", "{{$x := .map}}{{$x.a}}{{$x.c.d}}",
        "{{with $x := .name}}{{$x}}{{end}}", "{{$x := 1}}{{if true}}{{$x = 2}}{{end}}{{$x}}",
        "{{$x := 1}}{{range .list}}{{$x = .}}{{end}}{{$x}}",
        // if / else
        "{{if .flag}}yes{{else}}no{{end}}", "{{if .off}}yes{{else if .count}}count{{else}}no{{end}}",
        "{{if .empty}}a{{else if .nothing}}b{{else if .emptyList}}c{{else if .emptyMap}}d{{else}}e{{end}}",
        "{{if .missing}}a{{end}}|{{if 0}}a{{end}}|{{if 0.0}}a{{end}}|{{if .Upper}}s{{end}}",
        "{{if and .flag .count}}both{{end}} {{if or .off .empty}}x{{else}}none{{end}}",
        "{{and 1 0 2}} {{and 1 2}} {{or 0 \"\" 3}} {{or 0 \"\"}} {{not 0}} {{not .name}}",
        "{{and .flag (index .list 5)}}", "{{or .flag (index .list 5)}}",
        // range
        "{{range .list}}[{{.}}]{{end}}", "{{range $i, $v := .list}}{{$i}}={{$v}} {{end}}",
        "{{range $k, $v := .map}}{{$k}}:{{$v}};{{end}}", "{{range .emptyList}}x{{else}}empty{{end}}",
        "{{range .missing}}x{{else}}none{{end}}", "{{range $v := .nums}}{{$v}}{{end}}",
        "{{range .list}}{{if eq . \"b\"}}{{continue}}{{end}}{{.}}{{end}}",
        "{{range .list}}{{if eq . \"b\"}}{{break}}{{end}}{{.}}{{end}}",
        "{{range .items}}{{.n}}={{.v}},{{end}}", "{{range .name}}x{{end}}",
        "{{range $i, $c := .items}}{{$i}}{{$c.n}}{{$.name}}{{end}}",
        // with
        "{{with .name}}{{.}}{{end}}", "{{with .missing}}x{{else}}none{{end}}", "{{with .map.c}}{{.d}}{{end}}",
        // define / template / block
        "{{define \"T\"}}[{{.}}]{{end}}{{template \"T\" .name}}{{template \"T\"}}",
        "{{define \"a\"}}A{{template \"b\" .}}{{end}}{{define \"b\"}}B{{.count}}{{end}}{{template \"a\" .}}",
        "{{block \"blk\" .list}}{{range .}}{{.}}{{end}}{{end}}", "{{template \"nope\"}}",
        "{{define \"T\"}}{{.x}}{{end}}{{template \"T\" .map}}",
        // pipelines and parentheses
        "{{.name | printf \"%s!\"}}", "{{\"a\" | printf \"%s-%s\" \"b\"}}", "{{.list | len}}", "{{len .map | print}}",
        "{{(len .list) | printf \"%03d\"}}", "{{.name | upper | trimPrefix \"F\"}}", "{{printf \"%d\" (add 1 2)}}",
        // comparisons
        "{{eq 1 1}} {{eq 1 2}} {{eq \"a\" \"a\"}} {{eq .count 3}} {{eq .count 1 2 3}} {{ne 1 2}}",
        "{{lt 1 2}} {{le 2 2}} {{gt 3 2}} {{ge 1 2}} {{lt \"a\" \"b\"}} {{lt .pi 4.0}}",
        "{{eq .missing .nothing}}", "{{eq 1 \"1\"}}", "{{lt 1 2.0}}", "{{eq .list .list}}", "{{lt true false}}",
        "{{eq .flag true}}", "{{eq .name}}",
        // builtins
        "{{len .name}} {{len .list}} {{len .map}} {{len \"héllo\"}}", "{{len 3}}", "{{len .missing}}",
        "{{index .list 1}} {{index .map \"a\"}} {{index .map \"c\" \"d\"}} {{index .items 0 \"n\"}} {{index .name 0}}",
        "{{index .map \"zz\"}}", "{{index .list 9}}", "{{index .list 3}}", "{{index .list \"x\"}}", "{{index .missing 1}}",
        "{{slice .list 1}} {{slice .list 0 2}} {{slice .list}} {{slice .emptyList}}", "{{slice .list 2 1}}", "{{slice .name 1}}",
        "{{print 1 2 \"a\" \"b\" 3 .nothing}}", "{{println \"a\" 1}}", "{{print .missing}}", "{{print nil}}",
        "{{html .html}} {{js .html}} {{urlquery \"a b&c=d/é\"}}", "{{html 1 2}}", "{{js \"it's \\\"q\\\" \\n\"}}",
        // printf
        "{{printf \"%s %d %v %q %x %X %o %b %c %t\" \"s\" 42 .list \"q\" 255 255 8 5 65 true}}",
        "{{printf \"%5.2f|%-6s|%6s|%05d|%+d|%x|% x|%#x|%e|%g|%E|%G\" 3.14159 \"ab\" \"cd\" 42 7 \"hi\" \"hi\" 255 1234.5678 0.000012 1e21 1e-7}}",
        "{{printf \"%d\" \"x\"}} {{printf \"%s\" 1}} {{printf \"%s %s\" \"a\"}} {{printf \"%s\" \"a\" \"b\" 3}}",
        "{{printf \"%v %v %v\" .map .mixed .nothing}} {{printf \"%d\" .nums}} {{printf \"%s\" .list}}",
        "{{printf \"%%|%5t|%-5d|%.3s|%.2e|%8.3f|%x\" true 3 \"abcdef\" 12345.678 3.14159 -255}}",
        "{{printf \"%q\" .list}} {{printf \"%v\" .Upper}} {{printf \"%+v\" .Upper}} {{printf \"%T %T %T\" 1 \"s\" .pi}}",
        "{{printf \"%d %s\" .nothing .nothing}}", "{{printf \"%!\"}}", "{{printf \"%z\" 1}}", "{{printf \"%c%c\" 'h' 105}}",
        "{{printf \"%08.3f|%-8.2f|%+.1f|% d\" 3.14159 2.5 -1.25 5}}", "{{printf \"%U %#U\" 0x1F600 65}}",
        // sprig strings
        "{{trim .spaces}}|{{trimAll \"-\" \"--x-y--\"}}|{{trimPrefix \"reg.\" .ref}}|{{trimSuffix \".2\" .ref}}",
        "{{hasPrefix \"reg\" .ref}} {{hasSuffix \"v1.2\" .ref}} {{contains \"team\" .ref}} {{contains \"\" \"x\"}}",
        "{{replace \"l\" \"L\" \"hello\"}} {{lower \"HeLLo\"}} {{upper \"hello\"}} {{title \"hello big-world o'neil\"}}",
        "{{split \",\" .csv}} {{(split \",\" .csv)._1}} {{splitList \",\" .csv}} {{join \"-\" .list}} {{join \",\" .mixed}}",
        "{{regexMatch \"^reg\\\\.\" .ref}} {{regexFind \"[0-9]+\" .ref}} {{regexFindAll \"[a-z]+\" .ref -1}} {{regexFindAll \"[a-z]+\" .ref 2}}",
        "{{regexReplaceAll \"(\\\\w+)\\\\.(\\\\w+)\" .ref \"${2}_$1\"}} {{regexReplaceAllLiteral \"e\" .ref \"$1\"}}",
        "{{regexSplit \",\" .csv -1}} {{regexSplit \",\" .csv 2}} {{regexSplit \"x*\" \"abc\" -1}} {{regexFindAll \"a*\" \"baaab\" -1}}",
        "{{regexMatch \"(\" \"x\"}}", "{{regexFind \"(\" \"x\"}}",
        "{{quote \"a\" 1 .nothing \"b\\\"c\"}} {{squote \"a\" 2}} {{cat \"a\" 1 .nothing \"b\"}} {{cat}}",
        "{{indent 2 \"a\\nb\"}}|{{nindent 3 \"x\"}}", "{{b64enc \"hello\"}} {{b64dec \"aGVsbG8=\"}} {{b64dec \"!!\"}}",
        "{{sha256sum \"hello\"}} {{sha1sum \"hello\"}} {{sha256sum \"\"}}",
        "{{trunc 3 \"abcdef\"}} {{trunc -2 \"abcdef\"}} {{trunc 10 \"ab\"}} {{abbrev 5 \"hello world\"}} {{abbrev 3 \"hello\"}}",
        "{{substr 1 3 \"abcdef\"}} {{substr -1 2 \"abcdef\"}} {{substr 2 -1 \"abcdef\"}} {{substr 2 99 \"abc\"}}",
        "{{repeat 3 \"ab\"}} {{toString 12}} {{toString .list}} {{toString .nothing}} {{nospace \" a b\\tc \"}} {{initials \"hello big world\"}}",
        "{{upper 5}}", "{{upper .count}}", "{{upper .missing}}", "{{repeat \"x\" \"y\"}}", "{{trunc (add 1 1) \"abc\"}}",
        "{{range splitList \"|\" \"HelloWorld|helloWorld|hello world|HTTPServer|foo_bar|foo-bar|Bld4Floor|app.v2|MyAPIKey|  spaced  out |ABC|version2Update|Hello__World\"}}{{snakecase .}} {{kebabcase .}};{{end}}",
        // sprig defaults and flow
        "{{default \"d\" .missing}} {{default \"d\" .empty}} {{default \"d\" .name}} {{default 5 0}} {{.missing | default \"p\"}}",
        "{{empty .empty}} {{empty .name}} {{empty 0}} {{empty .emptyList}} {{empty .Upper}} {{empty .missing}}",
        "{{coalesce .missing .empty .name}} {{coalesce 0 \"\"}} {{ternary \"y\" \"n\" true}} {{ternary \"y\" \"n\" .off}}",
        // sprig lists
        "{{list 1 \"a\" 2.5 .nothing}} {{first .list}} {{last .list}} {{rest .list}} {{initial .list}}",
        "{{append .list \"d\"}} {{prepend .list \"z\"}} {{reverse .list}} {{uniq (list 1 1 2 \"a\" \"a\")}}",
        "{{has \"b\" .list}} {{has \"z\" .list}} {{without .list \"b\"}} {{compact .mixed}} {{sortAlpha .nums}} {{sortAlpha .list}}",
        "{{first .emptyList}} {{first .name}}", "{{len (list)}} {{list}}",
        // sprig dicts
        "{{$d := dict \"a\" 1 \"b\" \"two\"}}{{$d}} {{get $d \"a\"}} {{get $d \"z\"}} {{hasKey $d \"b\"}} {{hasKey $d \"z\"}}",
        "{{$d := dict \"a\" 1}}{{$_ := set $d \"b\" 2}}{{$d}} {{keys $d | sortAlpha}} {{values $d | sortAlpha}}",
        "{{pluck \"n\" (index .items 0) (index .items 1)}} {{keys .map | sortAlpha}} {{dict \"odd\"}}",
        // sprig math
        "{{add 1 2 3}} {{add1 5}} {{sub 5 7}} {{mul 2 3 4}} {{div 7 2}} {{mod 7 3}} {{max 1 5 3}} {{min 4 2 8}}",
        "{{add \"3\" 1.9}} {{int \"12\"}} {{int64 3.9}} {{float64 \"2.5\"}} {{atoi \"42\"}} {{atoi \"x\"}} {{add .num 1}}",
        "{{div 1 0}}", "{{printf \"%T %T %T %T\" (add 1 1) (int 1) (float64 1) (atoi \"1\")}}",
        // json
        "{{toJson .map}} {{toJson .list}} {{toJson .html}} {{toJson .nothing}} {{toJson .pi}} {{toJson .big}}",
        "{{toPrettyJson .map}}", "{{toPrettyJson .emptyList}} {{toJson .emptyMap}}", "{{toJson .items}}",
        // ace-dt's functions
        "{{Tag .ref}} {{Repository .ref}} {{Registry .ref}} {{Package .ref}}",
        "{{Tag .digestRef}} {{Repository .digestRef}} {{Registry .digestRef}} {{Package .digestRef}}",
        "{{tag \"localhost:5000/a/b\"}}|{{repository \"localhost:5000/a/b\"}}|{{registry \"localhost:5000/a/b\"}}|{{package \"localhost:5000/a/b\"}}",
        "{{Tag \"noslash\"}}", "{{Repository \"reg.io/UPPER:tag\"}}", "{{Tag \"reg.io/a:bad tag\"}}", "{{Tag \"reg.io/a@sha256:abc\"}}",
        "{{Tag \"reg.io/a@md5:abc\"}}", "{{Registry \"reg io/a\"}}", "{{Package \"reg.io:99/a/b:1@sha256:\(hex64)\"}}",
        // parse errors
        "{{", "{{.name", "{{end}}", "{{else}}", "{{if .x}}", "{{range}}{{end}}", "{{nofunc 1}}", "{{$undefined}}",
        "line1\n{{.a | }}", "{{.a b}}", "{{(1}}", "{{1)}}", "{{\"unterminated}}", "{{/* unclosed }}", "{{break}}",
        "{{define \"x\"}}", "{{template 1}}", "{{1 | 2}}", "{{$x := 1 2}}", "{{.a.}}", "{{3.x}}", "{{'ab'}}",
        "a\nb\n{{if}}{{end}}", "{{with}}{{end}}", "{{range $a, $b, $c := .}}{{end}}", "{{else if}}", "{{%}}",
        "{{define \"a\"}}1{{end}}{{define \"a\"}}2{{end}}", "x\n\n{{.name\n| upper}}", "{{0x1G}}",
        // exec errors and their positions
        "{{.name.Foo}}", "line\n  {{.Upper.Missing}}", "{{nil}}", "{{1 2}}", "{{.name 1}}", "{{$x := .map}}{{$x.a 1}}",
        "{{index 1 2}}", "{{template \"T\" .}}", "{{printf}}", "{{printf 1}}", "{{len}}", "{{and}}", "{{eq}}",
        "ok\n {{range .list}}{{.}} {{index $.list 10}}{{end}}", "{{with .map}}{{.a.b.c}}{{end}}",
        // ace-dt's documented scatter templates
        "{{- $annotation := index .Annotations \"vnd.act3-ace.manifest.source\" -}}\nlocalhost:5000/{{ $annotation }}",
    ]

    static let descriptorTemplates: [String] = [
        "{{- $name := index .Annotations \"vnd.act3-ace.manifest.source\" -}}\nsecret.reg.example.com/{{ trimPrefix \"reg.example.com/\" $name -}}\n{{ if hasPrefix \"docker.io\" $name }}\nsecret.reg.example.com/high/scatter/{{ trimPrefix \"reg.example.com\" $name -}}\n{{- end -}}",
        "127.0.0.1:35475/{{ index .Annotations \"vnd.act3-ace.manifest.source\" }}@{{ .Digest }}\n\n{{ if eq (index .Annotations \"vnd.act3-ace.manifest.source\") \"index.docker.io/curlimages/curl:latest\" }}127.0.0.1:35475/index-docker-io/@{{ .Digest }}{{ end }}\n{{ if hasPrefix \"index.docker.io\" (index .Annotations \"vnd.act3-ace.manifest.source\") }}127.0.0.1:35575/testrepo{{end}}\n{{ if contains \"docker\" (index .Annotations \"vnd.act3-ace.manifest.source\") }}127.0.0.1:35575/dockerrepo{{end}}\n{{ if regexMatch \"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\\\.[A-Za-z]{2,}$\" (index .Annotations \"vnd.act3-ace.manifest.source\")}}127.0.0.1:35575/regexrepo{{end}}",
        "{{ $src := index .Annotations \"vnd.act3-ace.manifest.source\" }}mirror.local/{{ Repository $src }}:{{ Tag $src }} {{ Registry $src }} {{ Package $src }}",
        "{{.MediaType}} {{.Digest}} {{.Size}} {{.URLs}} {{.Annotations}} {{.Data}} {{.Platform}} [{{.ArtifactType}}]",
        "{{index .Annotations \"missing\"}}|{{.Annotations.missing}}|{{len .Annotations}}|{{if .Platform}}p{{else}}nop{{end}}",
        "{{.Platform.OS}}", "{{hasPrefix \"sha256\" .Digest}}", "{{toString .Digest | trunc 12}} {{printf \"%s\" .Digest}}",
        "{{.Digest.Algorithm}} {{.Digest.Encoded}}", "{{eq .Digest \"sha256:x\"}} {{eq .Size 1234}} {{add .Size 1}}",
        "{{printf \"%d %v %s\" .Size .URLs .MediaType}}", "{{.Nope}}", "{{range $k, $v := .Annotations}}{{$k}}={{$v}};{{end}}",
        "{{with .Platform}}{{.Architecture}}/{{.OS}}{{else}}any{{end}}", "{{index .Annotations 1}}",
    ]

    static var all: [OracleCase] {
        var cases = templates.enumerated().map { OracleCase(name: "case\($0.offset)", text: $0.element, data: data) }
        let annotations = [
            "vnd.act3-ace.manifest.source": "docker.io/konstin2/maturin:latest",
            "org.opencontainers.image.ref.name": "docker.io/konstin2/maturin:latest",
        ]
        for (offset, text) in descriptorTemplates.enumerated() {
            cases.append(OracleCase(name: "desc\(offset)", text: text, descriptor: DescriptorSpec(annotations: annotations)))
            var withPlatform = DescriptorSpec(annotations: ["vnd.act3-ace.manifest.source": "index.docker.io/curlimages/curl:latest"])
            withPlatform.platform = .init(architecture: "arm64", os: "linux")
            cases.append(OracleCase(name: "descp\(offset)", text: text, descriptor: withPlatform))
        }
        return cases
    }
}
