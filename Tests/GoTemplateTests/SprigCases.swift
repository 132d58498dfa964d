/// Oracle cases for the sprig functions added in issue 13, errors included; the data is
/// `ConformanceCases.data`.
enum SprigCases {
    static let templates: [String] = [
        // paths
        "{{range list \"\" \"/\" \"a/b/c.txt\" \"/a/b/\" \"a//b/../c/.\" \"../../x\" \"/../a\" \"a/..\" \".hidden\" \"x.tar.gz\" \"a.b/c\" \"//\"}}[{{base .}}|{{dir .}}|{{clean .}}|{{ext .}}|{{isAbs .}}]{{end}}",
        "{{osBase \"/a/b.c\"}} {{osDir \"/a/b.c\"}} {{osClean \"a/./b/../c\"}} {{osExt \"f.go\"}} {{osIsAbs \"rel\"}}",
        "{{base 1}}", "{{clean .missing}}",
        // types
        "{{typeOf 1}} {{typeOf \"s\"}} {{typeOf 1.5}} {{typeOf .list}} {{typeOf .map}} {{typeOf .nothing}} {{typeOf .missing}} {{typeOf true}} {{typeOf (add 1 1)}} {{typeOf (splitList \",\" \"a\")}} {{typeOf (split \",\" \"a\")}} {{typeOf (until 2)}}",
        "{{kindOf 1}} {{kindOf \"s\"}} {{kindOf 1.5}} {{kindOf .list}} {{kindOf .map}} {{kindOf .nothing}} {{kindOf true}} {{kindOf (add 1 1)}} {{kindOf (until 2)}}",
        "{{typeIs \"int\" 1}} {{typeIs \"string\" 1}} {{typeIsLike \"int\" 1}} {{typeIsLike \"map[string]interface {}\" .map}} {{kindIs \"slice\" .list}} {{kindIs \"map\" .list}} {{kindIs \"invalid\" .nothing}}",
        "{{deepEqual .list .list}} {{deepEqual (list 1 2) (list 1 2)}} {{deepEqual 1 1.0}} {{deepEqual .nothing .missing}} {{deepEqual .map (dict \"a\" 1)}} {{deepEqual \"a\" \"a\"}} {{deepEqual (int64 1) 1}}",
        "{{typeIs 1 2}}",
        // lists
        "{{tuple 1 \"a\" .nothing}} {{tuple}} {{until 5}} {{until -3}} {{until 0}} {{untilStep 0 10 3}} {{untilStep 10 0 -4}} {{untilStep 0 10 -1}} {{untilStep 3 3 1}}",
        "[{{seq 5}}] [{{seq -2}}] [{{seq 0}}] [{{seq 1}}] [{{seq 2 5}}] [{{seq 5 2}}] [{{seq 0 3 10}}] [{{seq 10 -3 0}}] [{{seq 10 3 0}}] [{{seq}}] [{{seq 1 2 3 4}}]",
        "{{chunk 2 .list}} {{chunk 3 .list}} {{chunk 5 .list}} {{chunk 1 .emptyList}} {{chunk 2 (list 1 2 3 4)}} {{chunk -2 (list 1 2)}}",
        "{{chunk 0 .list}}", "{{chunk -1 .list}}", "{{chunk 2 .name}}", "{{chunk 2 .nothing}}",
        "{{concat .list .nums}} {{concat}} {{concat .emptyList}} {{concat (list 1) (splitList \",\" \"a,b\") (until 2)}}",
        "{{concat .list 1}}", "{{concat .list .nothing}}",
        "{{all 1 \"a\" true}} {{all 1 0}} {{all}} {{any 0 \"\" .nothing}} {{any 0 1}} {{any}} {{all .Upper}} {{any .emptyMap .emptyList}}",
        "{{dig \"c\" \"d\" \"dflt\" .map}} {{dig \"a\" \"dflt\" .map}} {{dig \"z\" \"y\" \"dflt\" .map}} {{dig \"c\" \"dflt\" .map}}",
        "{{dig \"a\" .map}}", "{{dig \"a\" \"b\" \"d\" .map}}", "{{dig 1 \"d\" .map}}", "{{dig \"a\" \"d\" .list}}", "{{dig \"x\" \"b\" \"d\" (dict \"x\" .nothing)}}",
        "{{pick .map \"a\" \"c\" \"z\"}} {{omit .map \"a\" \"z\"}} {{pick .map}} {{omit .emptyMap \"a\"}} {{pick (.nothing) \"a\"}}",
        "{{pick .list \"a\"}}", "{{omit .map 1}}",
        "{{merge (dict \"a\" 1 \"b\" \"\" \"n\" (dict \"x\" 1)) (dict \"a\" 2 \"b\" \"B\" \"c\" 3 \"n\" (dict \"x\" 2 \"y\" 3))}}",
        "{{mergeOverwrite (dict \"a\" 1 \"b\" \"\" \"n\" (dict \"x\" 1)) (dict \"a\" 2 \"b\" \"B\" \"c\" 3 \"n\" (dict \"x\" 2 \"y\" 3))}}",
        "{{merge (dict \"a\" \"s\" \"l\" (list 1) \"e\" (list)) (dict \"a\" (dict \"k\" 1) \"l\" (list 2) \"e\" (list 3) \"z\" .nothing)}}",
        "{{mergeOverwrite (dict \"a\" \"s\" \"l\" (list 1) \"e\" (list) \"z\" 1) (dict \"a\" (dict \"k\" 1) \"l\" (list 2) \"e\" (list 3) \"z\" .nothing \"f\" 0)}}",
        "{{$d := dict \"a\" 1}}{{$_ := merge $d (dict \"b\" 2) (dict \"c\" 3 \"a\" 9)}}{{$d}} {{merge (dict) .map}} {{mergeOverwrite .emptyMap}}",
        "{{merge .list}}", "{{merge .map .list}}", "{{mustMerge .map (dict \"z\" 1)}}", "{{mustMergeOverwrite .map (dict \"a\" 5)}}",
        "{{deepCopy .map}} {{deepCopy .list}} {{deepCopy 1}} {{deepCopy \"s\"}} {{mustDeepCopy .items}} {{deepCopy .nothing}}",
        // must variants
        "{{mustFirst .list}} {{mustLast .list}} {{mustRest .list}} {{mustInitial .list}} {{mustFirst .emptyList}} {{mustLast .emptyList}}",
        "{{mustAppend .list \"d\"}} {{mustPush .list 1}} {{mustPrepend .list 0}} {{mustReverse .nums}} {{mustUniq (list 1 1 2)}} {{mustCompact .mixed}}",
        "{{mustWithout .list \"a\"}} {{mustHas \"a\" .list}} {{mustSlice .list 1 2}} {{mustChunk 2 .nums}}",
        "{{mustFirst .name}}", "{{mustLast 1}}", "{{mustRest .map}}", "{{mustInitial .flag}}", "{{mustAppend .name 1}}", "{{mustPrepend 1 1}}",
        "{{mustReverse .name}}", "{{mustUniq .name}}", "{{mustCompact .name}}", "{{mustWithout .name 1}}", "{{mustHas 1 .name}}", "{{mustSlice .name 1}}",
        "{{mustChunk 2 .name}}", "{{mustSlice .list 2 1}}",
        "{{mustRegexMatch \"^f\" .name}} {{mustRegexFind \"[a-z]+\" .ref}} {{mustRegexFindAll \"[a-z]\" .name 2}} {{mustRegexReplaceAll \"e\" .name \"E\"}} {{mustRegexReplaceAllLiteral \"e\" .name \"$1\"}} {{mustRegexSplit \"r\" .name -1}}",
        "{{mustRegexMatch \"(\" .name}}", "{{regexMatch \"(\" .name}}", "{{mustRegexFind \"(\" .name}}", "{{mustRegexFindAll \"[\" .name 1}}",
        "{{mustRegexReplaceAll \"(\" .name \"x\"}}", "{{mustRegexReplaceAllLiteral \"(\" .name \"x\"}}", "{{mustRegexSplit \"(\" .name 1}}",
        // JSON
        "{{toRawJson .html}} {{toRawJson .map}} {{toRawJson .nothing}} {{toRawJson \"a\\\\u003cb\"}} {{toRawJson \"\\u2028\"}} {{toRawJson .items}}",
        "{{mustToJson .map}} {{mustToJson .html}} {{mustToPrettyJson .list}} {{mustToRawJson .html}} {{mustToJson .nothing}}",
        "{{mustFromJson \"{\\\"a\\\":[1,2.5,null,true]}\"}} {{mustFromJson \"[]\"}} {{mustFromJson \"3\"}} {{fromJson \"nope\"}}",
        "{{mustFromJson \"nope\"}}", "{{mustFromJson \"{\"}}",
        "[{{toJson (float64 \"NaN\")}}] [{{toPrettyJson (list (float64 \"+Inf\"))}}]", "{{mustToJson (float64 \"NaN\")}}",
        "{{toRawJson (float64 \"-Inf\")}}", "{{mustToPrettyJson (dict \"a\" (float64 \"-Inf\"))}}",
        // float math
        "{{addf 0.1 0.2}} {{addf 1 2 3.5}} {{addf}} {{add1f 1.5}} {{subf 1 0.9}} {{subf 5}} {{mulf 1.1 3}} {{mulf 2 \"3\" .pi}} {{divf 1 3}} {{divf 2 3}} {{divf 10 4 2}} {{divf 1 3e10}}",
        "{{addf \"x\" true .nothing}} {{mulf 1e100 1e100}} {{addf 1e300 1e-300}} {{subf 0 0}} {{mulf -1 0}} {{divf -1 3}} {{divf 1e-20 3}} {{addf 123456789.123456789 0.000000001}}",
        "{{divf 1 0}}", "{{addf (float64 \"NaN\")}}", "{{mulf 1 (float64 \"+Inf\")}}",
        "{{maxf 1 2.5 -3}} {{minf 1 2.5 -3}} {{maxf \"4\" 1}} {{minf 0 -0.0}} {{biggest 1 5 3}} {{maxf (float64 \"NaN\") 1}} {{minf (float64 \"-Inf\") (float64 \"NaN\")}}",
        "{{floor 1.5}} {{floor -1.5}} {{ceil 1.2}} {{ceil -1.2}} {{floor \"2.7\"}} {{ceil 3}} {{floor .nothing}}",
        "{{round 3.14159 2}} {{round 2.5 0}} {{round -2.5 0}} {{round 1.2345 3 0.4}} {{round 123.456 -1}} {{round \"1.55\" 1}} {{round 1.005 2}}",
        "{{round 1 \"x\"}}", "{{round 1.5}}",
        "{{toDecimal \"0777\"}} {{toDecimal 777}} {{toDecimal \"8\"}} {{toDecimal \"-17\"}} {{toDecimal .nothing}} {{toDecimal \"+10\"}} {{typeOf (toDecimal 1)}} {{typeOf (addf 1)}}",
        // strings
        "{{range list \"hello_world\" \"Hello-World\" \"  spaced out\" \"__x\" \"a\" \"-\" \"\" \"HTTP_server\" \"x__y\" \"a b  c\" \"ÉCOLE_été\"}}[{{camelcase .}}]{{end}}",
        "{{swapcase \"Hello World\"}} {{swapcase \"hELLO wORLD 1a\"}} {{swapcase \"\"}} {{untitle \"Hello World\"}} {{untitle \"HELLO  WORLD\"}} {{untitle \"\"}}",
        "{{wrap 5 \"The quick brown fox\"}}|{{wrap 10 \"averyveryverylongword and more\"}}|{{wrap 0 \"a b c\"}}|{{wrap 3 \"\"}}|{{wrap 4 \"   leading spaces here\"}}",
        "{{wrapWith 5 \"\\t\" \"The quick brown fox\"}}|{{wrapWith 4 \"<br>\" \"averyveryverylongword and\"}}|{{wrapWith 3 \"\" \"abcdefg\"}}",
        "{{abbrevboth 5 10 \"1234 5678 9123\"}}|{{abbrevboth 0 10 \"1234 5678 9123\"}}|{{abbrevboth 3 4 \"abcdefghij\"}}|{{abbrevboth 10 7 \"abcdefghijklmnop\"}}|{{abbrevboth 20 8 \"abcdefghijklmnop\"}}|{{abbrevboth 5 6 \"abcdefghij\"}}|{{abbrevboth 0 3 \"abcdef\"}}|{{abbrevboth 6 9 \"abcdefghijklmnopqrst\"}}",
        "{{trimall \"$\" \"$$5.00$\"}} {{splitn \"$\" 2 \"foo$bar$baz\"}} {{splitn \",\" -1 .csv}} {{splitn \",\" 0 .csv}} {{(splitn \",\" 3 .csv)._2}} {{splitn \"\" 2 \"abc\"}}",
        "{{plural \"one\" \"many\" 1}} {{plural \"one\" \"many\" 2}} {{plural \"one\" \"many\" 0}} {{toStrings .mixed}} {{toStrings .nums}} {{toStrings 5}} {{toStrings .nothing}} {{typeOf (toStrings .list)}}",
        "{{hello}} {{regexQuoteMeta \"1.2.3+[a]*?(x)|{y}^$\\\\\"}} {{b32enc \"hello\"}} {{b32enc \"\"}} {{b32enc \"a\"}} {{b32enc \"abcde\"}} {{b32enc \"abcdef\"}}",
        "{{b32dec \"NBSWY3DP\"}} {{b32dec \"ME======\"}} {{b32dec \"MFRGGZDF\"}} {{b32dec \"!!\"}} {{b32dec \"ME=\"}} {{b32dec \"MEQ=====\"}} {{b32dec \"M\"}} {{b32dec \"MFRGG===\"}} {{b32dec \"NBSW\\nY3DP\"}}",
        "{{adler32sum \"hello\"}} {{adler32sum \"\"}} {{adler32sum .words}}",
        "{{plural \"a\" \"b\" \"x\"}}", "{{wrap \"x\" \"y\"}}", "{{hello 1}}",
        // semver
        "{{semver \"1.2.3\"}} {{semver \"v1.2\"}} {{semver \"1\"}} {{semver \"1.2.3-beta.1+build.5\"}} {{(semver \"1.2.3\").Major}} {{(semver \"1.2.3-rc1\").Prerelease}} {{(semver \"v2.0\").Original}} {{(semver \"1.0.0+m\").Metadata}} {{(semver \"3.4.5\").Minor}} {{(semver \"3.4.5\").Patch}}",
        "{{semver \"x\"}}", "{{semver \"1.2.3-01\"}}", "{{semver \"1.2.3.4\"}}", "{{semver \"\"}}", "{{semverCompare \"bad\" \"1.0.0\"}}", "{{semverCompare \">1\" \"bad\"}}",
        "{{range $v := list \"1.0.0\" \"1.2.3\" \"1.2.4-beta\" \"2.0.0\" \"0.2.5\" \"0.0.3\" \"1.3.0\" \"v1.2.3\" \"1.2.3+meta\"}}[{{$v}}:{{range $c := list \">=1.2.3\" \"<1.3\" \"~1.2\" \"^1.2\" \"^0.2\" \"^0.0.3\" \"1.2.x\" \"*\" \"!=1.2.3\" \"1.0 - 1.2.5\" \">1 <3\" \">=1.2, <2 || 0.0.3\" \"=1.2.3\" \">1.2\" \"<=1.2\" \"~1\" \">= 1.2.4-alpha\" \"!=1.2.x\" \"~0\" \"^1.x\" \"=<1\" \"=>1.2\" \">1.x\" \"<=1.2.x\"}}{{if semverCompare $c $v}}1{{else}}0{{end}}{{end}}]{{end}}",
        // url
        "{{urlParse \"https://user:pa%20ss@example.com:8080/a%20b/c?q=1&r=2#frag%21\"}}",
        "{{urlParse \"mailto:joe@example.com\"}} {{urlParse \"/just/a/path\"}} {{urlParse \"\"}} {{urlParse \"//host/p\"}} {{urlParse \"HTTP://[::1]:80/x?\"}} {{urlParse \"reg.example.com/team/app:v1\"}}",
        "{{urlParse \":nope\"}}", "{{urlParse \"http://h:port/\"}}", "{{urlParse \"http://x/%zz\"}}", "{{urlParse \"a:b/c:d\"}} {{urlParse \"1a:b\"}}", "{{urlParse \"x/a:b\"}}", "{{urlParse \"http://a b/\"}}",
        "{{urlJoin (dict \"scheme\" \"https\" \"host\" \"example.com:8080\" \"path\" \"/a b\" \"query\" \"q=1\" \"fragment\" \"f g\" \"userinfo\" \"u:p w\")}} {{urlJoin (dict \"path\" \"a:b\")}} {{urlJoin (dict \"scheme\" \"mailto\" \"opaque\" \"joe@x\")}} {{urlJoin (dict)}} {{urlJoin (dict \"host\" \"h\" \"path\" \"rel\")}}",
        "{{urlJoin (urlParse \"https://user:pa%20ss@example.com:8080/a%20b/c?q=1#frag\")}}", "{{urlJoin (dict \"host\" 1)}}", "{{urlJoin (dict \"host\" .nothing)}}", "{{urlJoin (dict \"userinfo\" \"a b\")}}",
        // durations, fail
        "{{duration \"90\"}} {{duration \"3661\"}} {{duration 90}} {{duration (int64 90)}} {{duration \"x\"}} {{duration \"-5\"}} {{duration \"0\"}} {{duration \"99999999999999999999\"}} {{duration (int64 86400)}}",
        "{{durationRound \"2h10m\"}} {{durationRound \"90s\"}} {{durationRound \"400d\"}} {{durationRound \"8760h1s\"}} {{durationRound \"-3h5m\"}} {{durationRound \"1.5h\"}} {{durationRound \"bad\"}} {{durationRound (int64 3600000000001)}} {{durationRound 5}} {{durationRound \"1s\"}} {{durationRound \"750h\"}} {{durationRound \"721h\"}} {{durationRound \".5m\"}} {{durationRound \"1µs\"}}",
        "{{fail \"stop here\"}}", "x{{if false}}{{fail \"no\"}}{{end}}y", "{{fail 1}}",
    ]

    static var all: [OracleCase] {
        templates.enumerated().map { OracleCase(name: "sprig\($0.offset)", text: $0.element, data: ConformanceCases.data) }
    }
}
