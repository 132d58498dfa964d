/// Oracle cases for dicts as Go references: aliasing through variables and through dicts nested
/// in dicts and lists, what `merge`/`mergeOverwrite`/`set`/`unset` return, `deepCopy`'s isolation,
/// `pick`/`omit`/`dict` sharing their values, and `range` over a dict changed while it runs.
/// The data is `ConformanceCases.data`.
enum SharedMapCases {
    static let templates: [String] = [
        // aliasing through variables
        #"{{$d := dict "a" 1}}{{$a := $d}}{{$_ := set $a "b" 2}}{{$d}} {{$a}}"#,
        #"{{$d := dict "a" 1}}{{$a := $d}}{{$_ := unset $a "a"}}{{$d}} {{len $d}}"#,
        #"{{$d := dict "a" 1}}{{$a := $d}}{{$a = dict "z" 0}}{{$_ := set $a "b" 2}}{{$d}} {{$a}}"#,
        #"{{$d := dict}}{{with $d}}{{$_ := set . "w" 1}}{{end}}{{$d}}"#,
        #"{{$d := dict}}{{range list 1 2 3}}{{$_ := set $d (print .) .}}{{end}}{{$d}}"#,
        #"{{$d := dict}}{{define "t"}}{{$_ := set . "in" "t"}}{{end}}{{template "t" $d}}{{$d}}"#,
        // set/unset return the same map
        #"{{$d := dict}}{{$e := set $d "a" 1}}{{$_ := set $e "b" 2}}{{$d}} {{$e}}"#,
        #"{{$d := dict "a" 1 "b" 2}}{{$e := unset $d "a"}}{{$_ := set $e "c" 3}}{{$d}}"#,
        #"{{$d := dict}}{{(set $d "a" 1).a}} {{$d.a}} {{set (set $d "b" 2) "c" 3}} {{$d}}"#,
        // nested dicts
        #"{{$in := dict "x" 1}}{{$out := dict "in" $in}}{{$_ := set $in "y" 2}}{{$out}}"#,
        #"{{$out := dict "in" (dict "x" 1)}}{{$_ := set $out.in "y" 2}}{{$out}}"#,
        #"{{$out := dict "in" (dict "x" 1)}}{{$in := $out.in}}{{$_ := set $in "y" 2}}{{$out.in.y}}"#,
        #"{{$out := dict "in" (dict "x" 1)}}{{$_ := set (index $out "in") "y" 2}}{{$out}}"#,
        #"{{$out := dict "in" (dict "x" 1)}}{{$_ := set (get $out "in") "y" 2}}{{$out}}"#,
        #"{{$out := dict "a" (dict "b" (dict "c" 1))}}{{$_ := set $out.a.b "d" 2}}{{$out}} {{dig "a" "b" "d" 0 $out}}"#,
        #"{{$in := dict "x" 1}}{{$l := list $in $in}}{{$_ := set $in "y" 2}}{{$l}}"#,
        #"{{$in := dict "x" 1}}{{$two := dict "p" $in "q" $in}}{{$_ := set $two.p "z" 3}}{{$two.q}}"#,
        #"{{$in := dict "x" 1}}{{$p := pick (dict "in" $in "o" 2) "in"}}{{$_ := set $in "y" 2}}{{$p}} {{omit (dict "in" $in "o" 2) "o"}}"#,
        #"{{$in := dict "x" 1}}{{$v := values (dict "k" $in)}}{{$_ := set $in "y" 2}}{{$v}}"#,
        // merge / mergeOverwrite return the destination itself, changed
        #"{{$d := dict "a" 1}}{{$m := merge $d (dict "b" 2)}}{{$_ := set $m "c" 3}}{{$d}} {{$m}}"#,
        #"{{$d := dict "a" 1}}{{$m := mergeOverwrite $d (dict "a" 2)}}{{$_ := set $m "c" 3}}{{$d}}"#,
        #"{{$d := dict "a" 1}}{{$m := mustMerge $d (dict "b" 2)}}{{$_ := unset $m "a"}}{{$d}}"#,
        #"{{$d := dict "a" 1}}{{$_ := mustMergeOverwrite $d (dict "a" 9 "z" 0)}}{{$d}}"#,
        // the nested dicts merge takes from its sources are the sources' own
        #"{{$s := dict "n" (dict "x" 1)}}{{$m := merge (dict) $s}}{{$_ := set $m.n "y" 2}}{{$s}}"#,
        #"{{$s := dict "n" (dict "x" 1)}}{{$m := mergeOverwrite (dict) $s}}{{$_ := set $s.n "y" 2}}{{$m}}"#,
        #"{{$n := dict "x" 1}}{{$m := merge (dict "n" (dict "w" 0)) (dict "n" $n)}}{{$_ := set $n "y" 2}}{{$m}}"#,
        #"{{$n := dict "x" 1}}{{$m := merge (dict "n" dict) (dict "n" $n)}}{{$_ := set $n "y" 2}}{{$m}}"#,
        #"{{$e := dict}}{{$m := merge (dict "n" $e) (dict "n" (dict))}}{{$_ := set $m.n "y" 2}}{{$e}}"#,
        #"{{$d := dict "n" (dict "x" 1)}}{{$dn := $d.n}}{{$_ := merge $d (dict "n" (dict "y" 2))}}{{$dn}}"#,
        #"{{$d := dict "n" (dict "x" 1)}}{{$dn := $d.n}}{{$_ := mergeOverwrite $d (dict "n" (dict "x" 2))}}{{$dn}}"#,
        #"{{$d := dict "n" "s"}}{{$n := dict "x" 1}}{{$_ := mergeOverwrite $d (dict "n" $n)}}{{$_ := set $n "y" 2}}{{$d}}"#,
        #"{{$d := dict "a" (list 1)}}{{$_ := mergeOverwrite $d (dict "a" (list 2) "b" (list 3))}}{{$d}}"#,
        #"{{$d := dict "a" 1}}{{$_ := merge $d $d}}{{$d}} {{$_ := merge $d (dict "a" 2) $d}}{{$d}}"#,
        // deepCopy makes a real copy
        #"{{$d := dict "n" (dict "x" 1)}}{{$c := deepCopy $d}}{{$_ := set $c.n "y" 2}}{{$_ := set $c "z" 3}}{{$d}} {{$c}}"#,
        #"{{$d := dict "n" (dict "x" 1)}}{{$c := mustDeepCopy $d}}{{$_ := set $d.n "y" 2}}{{$c}}"#,
        #"{{$l := list (dict "x" 1)}}{{$c := deepCopy $l}}{{$_ := set (index $c 0) "y" 2}}{{$l}} {{$c}}"#,
        // dot's own maps are references too
        #"{{$m := .map}}{{$_ := set $m "z" 26}}{{.map}} {{$_ := set .map.c "e" 5}}{{.map.c}}"#,
        #"{{$_ := merge .map (dict "n" 1)}}{{.map}} {{$_ := unset .emptyMap "x"}}{{$_ := set .emptyMap "k" 1}}{{.emptyMap}}"#,
        #"{{$i := index .items 0}}{{$_ := set $i "n" "changed"}}{{.items}}"#,
        #"{{range .items}}{{$_ := set . "seen" true}}{{end}}{{.items}}"#,
        #"{{$c := deepCopy .map}}{{$_ := set $c.c "d" "copy"}}{{.map.c.d}} {{$c.c.d}}"#,
        // range over a dict that the body changes: keys and values are taken first
        #"{{$d := dict "a" 1 "b" 2 "c" 3}}{{range $k, $v := $d}}{{$_ := set $d "b" 20}}{{$_ := set $d "z" 0}}{{$k}}={{$v}} {{end}}{{$d}}"#,
        #"{{$d := dict "a" 1 "b" 2}}{{range $k, $v := $d}}{{$_ := unset $d "b"}}{{$k}}={{$v}} {{end}}{{$d}}"#,
        #"{{$d := dict "a" (dict "x" 1) "b" (dict "x" 2)}}{{range $k, $v := $d}}{{$_ := set $d.b "x" 9}}{{$k}}={{$v}} {{end}}"#,
        #"{{$d := dict "a" 1}}{{range $d}}{{$_ := set $d "n" (len $d)}}{{end}}{{$d}} {{range $k, $_ := $d}}{{$k}}{{end}}"#,
        // equality and printing of shared maps
        #"{{$d := dict "a" 1}}{{deepEqual $d $d}} {{deepEqual (list $d $d) (list $d (deepCopy $d))}} {{toJson (dict "p" $d "q" $d)}}"#,
        #"{{$d := dict "a" (list 1 2)}}{{$l := $d.a}}{{$_ := set $d "a" (append $l 3)}}{{$l}} {{$d}}"#,
        #"{{$d := dict}}{{$_ := set $d "self" 1}}{{$_ := set $d "k" (dict "v" $d.self)}}{{$_ := set $d "self" 2}}{{$d}}"#,
        // docs/templates.md's examples
        #"{{ $d := dict "a" 1 }}{{ $m := merge $d (dict "b" 2) }}{{ $_ := set $m "c" 3 }}{{ $d }}"#,
        #"{{ $n := dict "x" 1 }}{{ $m := merge (dict) (dict "n" $n) }}{{ $_ := set $n "y" 2 }}{{ $m }}"#,
        #"{{ $d := dict "n" (dict "x" 1) }}{{ $c := deepCopy $d }}{{ $_ := set $c.n "y" 2 }}{{ $d }} {{ $c }}"#,
    ]

    static var all: [OracleCase] {
        templates.enumerated().map { OracleCase(name: "shared\($0.offset)", text: $0.element, data: ConformanceCases.data) }
    }
}
