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
        "{{pick .map \"a\" \"c\" \"z\"}} {{omit .map \"a\" \"z\"}} {{pick .map}} {{omit .emptyMap \"a\"}} {{pick .nothing \"a\"}}",
        "{{pick .list \"a\"}}", "{{omit .map 1}}",
        "{{merge (dict \"a\" 1 \"b\" \"\" \"n\" (dict \"x\" 1)) (dict \"a\" 2 \"b\" \"B\" \"c\" 3 \"n\" (dict \"x\" 2 \"y\" 3))}}",
        "{{mergeOverwrite (dict \"a\" 1 \"b\" \"\" \"n\" (dict \"x\" 1)) (dict \"a\" 2 \"b\" \"B\" \"c\" 3 \"n\" (dict \"x\" 2 \"y\" 3))}}",
        "{{merge (dict \"a\" \"s\" \"l\" (list 1) \"e\" (list)) (dict \"a\" (dict \"k\" 1) \"l\" (list 2) \"e\" (list 3) \"z\" .nothing)}}",
        "{{mergeOverwrite (dict \"a\" \"s\" \"l\" (list 1) \"e\" (list) \"z\" 1) (dict \"a\" (dict \"k\" 1) \"l\" (list 2) \"e\" (list 3) \"z\" .nothing \"f\" 0)}}",
        "{{$d := dict \"a\" 1}}{{$_ := merge $d (dict \"b\" 2) (dict \"c\" 3 \"a\" 9)}}{{$d}} {{merge (dict) .map}} {{mergeOverwrite .emptyMap}}",
        "{{merge .list}}", "{{merge .map .list}}", "{{mustMerge .map (dict \"z\" 1)}} {{mustMergeOverwrite .map (dict \"a\" 5)}}",
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
    ]

    static var all: [OracleCase] {
        templates.enumerated().map { OracleCase(name: "sprig\($0.offset)", text: $0.element, data: ConformanceCases.data) }
    }
}
