import Config
import Testing

@Suite struct SourcesListTests {
    /// Lines that parse, with the entries they must produce.
    @Test(arguments: [
        ("docker.io/library/alpine:3.19", [SourceEntry(reference: "docker.io/library/alpine:3.19", line: 1)]),
        ("  alpine:3.19,  team=core", [SourceEntry(reference: "alpine:3.19", labels: ["team": "core"], line: 1)]),
        ("\"alpine:3.19\",\"team=core\"", [SourceEntry(reference: "alpine:3.19", labels: ["team": "core"], line: 1)]),
        ("alpine,  \"a=b\"", [SourceEntry(reference: "alpine", labels: ["a": "b"], line: 1)]),  // space before a quote is trimmed
        ("\"al\"\"pine\"", [SourceEntry(reference: "al\"pine", line: 1)]),                       // "" is one quote
        ("# header\n\nalpine\n   \n#x,y\nbusybox,tier=base\n", [
            SourceEntry(reference: "alpine", line: 3),
            SourceEntry(reference: "busybox", labels: ["tier": "base"], line: 6),
        ]),
        ("alpine,a=b\r\nbusybox\r\n", [
            SourceEntry(reference: "alpine", labels: ["a": "b"], line: 1),
            SourceEntry(reference: "busybox", line: 2),
        ]),
        ("alpine, a = b ,c=", [SourceEntry(reference: "alpine", labels: ["a": "b", "c": ""], line: 1)]),
        ("alpine,example.com/Team_1=Core-1.x,a=1,b=2", [
            SourceEntry(reference: "alpine", labels: ["example.com/Team_1": "Core-1.x", "a": "1", "b": "2"], line: 1),
        ]),
        ("docker.io/library/alpine:*,a=b", [
            SourceEntry(reference: "docker.io/library/alpine:*", labels: ["a": "b"], line: 1, tagSelection: .all),
        ]),
        ("localhost:5000/app:*", [SourceEntry(reference: "localhost:5000/app:*", line: 1, tagSelection: .all)]),
        ("alpine,tags=/3\\.1[0-9]/,a=b", [
            SourceEntry(reference: "alpine", labels: ["a": "b"], line: 1, tagSelection: .matching("3\\.1[0-9]")),
        ]),
        ("alpine,\"tags=/(a|b),c/\"", [SourceEntry(reference: "alpine", line: 1, tagSelection: .matching("(a|b),c"))]),
        ("alpine,tags=prod", [SourceEntry(reference: "alpine", labels: ["tags": "prod"], line: 1)]),  // ace-dt label kept
        ("\u{FEFF}alpine\r", [SourceEntry(reference: "alpine", line: 1)]),
    ] as [(String, [SourceEntry])])
    func goodLines(text: String, expected: [SourceEntry]) throws {
        #expect(try SourcesList.parse(text, file: "s.list") == expected)
    }

    @Test func quotedFieldSpanningLinesKeepsStartLine() throws {
        let entries = try SourcesList.parse("alpine\n\"busybox\",\"a=\nb\"\nnginx", file: "s.list")
        #expect(entries.map(\.line) == [1, 2, 4])
        #expect(entries[1].labels == ["a": "b"])  // value trimmed like ace-dt's strings.TrimSpace
    }

    /// Lines that must fail, with text the one-line message must contain (always file:line).
    @Test(arguments: [
        ("alpine\nbusy box", "s.list:2: reference \"busy box\" contains white space"),
        ("alpine ,a=b", "s.list:1: reference \"alpine \" contains white space"),
        ("  # indented", "s.list:1: \"#\" starts a comment only in the first column"),
        ("  #alpine", "s.list:1: \"#\" starts a comment only in the first column"),
        ("\"\"", "s.list:1: field 1 (the image reference) is empty"),
        (",a=b", "s.list:1: field 1 (the image reference) is empty"),
        ("alpine,foo", "s.list:1: label \"foo\" is not key=value"),
        ("alpine,", "s.list:1: label \"\" is not key=value"),
        ("alpine,a=b,a=c", "s.list:1: label key \"a\" appears more than once"),
        ("alpine,a=b, a =c", "s.list:1: label key \"a\" appears more than once"),
        ("alpine,a_=b", "s.list:1: label key \"a_\": name part must consist of"),
        ("alpine,-a=b", "s.list:1: label key \"-a\": name part must consist of"),
        ("alpine,=b", "s.list:1: label key \"\": name part must be non-empty"),
        ("alpine,Example.com/a=b", "s.list:1: label key \"Example.com/a\": prefix part a lowercase RFC 1123"),
        ("alpine,/a=b", "s.list:1: label key \"/a\": prefix part must be non-empty"),
        ("alpine,a/b/c=d", "s.list:1: label key \"a/b/c\": a qualified name must consist"),
        ("alpine,\(String(repeating: "k", count: 64))=v", "name part must be no more than 63 characters"),
        ("alpine,a=\(String(repeating: "v", count: 64))", "s.list:1: label \"a\" value"),
        ("alpine,a=b c", "s.list:1: label \"a\" value \"b c\": a valid label value must be"),
        ("alpine,a=b=c", "s.list:1: label \"a\" value \"b=c\""),
        ("\"alpine", "s.list:1: quoted field is never closed"),
        ("ok\n\"alpine\nmore", "s.list:2: quoted field is never closed"),
        ("\"alp\"ine", "s.list:1: unexpected text after the closing quote"),
        ("\"alpine\" ,a=b", "s.list:1: unexpected text after the closing quote"),
        ("alp\"ine", "s.list:1: bare \" in unquoted field (column 4)"),
        ("a,x=\"1\"", "s.list:1: bare \" in unquoted field (column 5)"),
        ("alpine:*,tags=/x/", "s.list:1: a \"*\" tag and tags=/regex/ cannot be combined"),
        ("alpine:*@sha256:abc", "s.list:1: a \"*\" tag cannot be combined with a digest"),
        ("alpine:1.*", "s.list:1: \"*\" is only allowed as a whole tag"),
        ("reg/*:1", "s.list:1: \"*\" is only allowed as a whole tag"),
        ("alpine,tags=/x", "s.list:1: tags=/x: write the regex between slashes"),
        ("alpine,tags=/", "s.list:1: tags=/: write the regex between slashes"),
        ("alpine,tags=//", "s.list:1: tags=//: the regex is empty"),
        ("alpine,tags=/(/", "s.list:1: tags=/(/: is not a valid regular expression"),
        ("alpine,\"tags=/(?x)a # c/\"", "s.list:1: tags=/(?x)a # c/: cannot be anchored"),
        ("alpine:3,tags=/x/", "s.list:1: tags=/regex/ needs a reference without a tag or digest"),
        ("alpine@sha256:abc,tags=/x/", "s.list:1: tags=/regex/ needs a reference without a tag or digest"),
        ("alpine,tags=^3", "(to select tags by regex write tags=/regex/)"),
        ("alpine,tags=/a/,tags=/b/", "s.list:1: label key \"tags\" appears more than once"),
        ("# c\n\nalpine\nbad,x", "s.list:4: label \"x\" is not key=value"),
        ("alpine\nreg/app\u{0}:1", "s.list:2: reference \"reg/app\\0:1\" contains a control character"),
        ("\u{1b}[31malpine", "s.list:1: reference \"\\u{1b}[31malpine\" contains a control character"),
        ("alpine,a=\u{0}", "s.list:1: label \"a\" value"),
        ("alpine\n \t ,a=b", "s.list:2: field 1 (the image reference) is empty"),
        ("alpine\n\"\"\"", "s.list:2: quoted field is never closed"),
        ("alpine,\"a=b\n\n", "s.list:1: quoted field is never closed"),
        (String(repeating: "a", count: 1 << 20) + ",\"x", "s.list:1: quoted field is never closed"),
    ])
    func badLines(text: String, expected: String) {
        let error = #expect(throws: ListFileError.self) { try SourcesList.parse(text, file: "s.list") }
        #expect(error?.description.contains(expected) == true, "\(String(describing: error))")
    }

    @Test(arguments: [
        ("alpine:*", "alpine"),
        ("docker.io/library/alpine:*", "docker.io/library/alpine"),
        ("localhost:5000/app:*", "localhost:5000/app"),
        ("alpine:3.19", "alpine:3.19"),
        ("alpine", "alpine"),
    ])
    func repositoryPart(reference: String, expected: String) {
        #expect(SourcesList.repositoryPart(of: reference) == expected)
    }

    @Test func loadReadsFileAndNamesItInErrors() throws {
        let directory = try TemporaryDirectory()
        let good = try directory.write("sources.list", "# mine\nalpine:3.19,team=core\n")
        #expect(try SourcesList.load(good) == [SourceEntry(reference: "alpine:3.19", labels: ["team": "core"], line: 2)])

        let bad = try directory.write("bad.list", "alpine\nbusybox,oops\n")
        let error = #expect(throws: ListFileError.self) { try SourcesList.load(bad) }
        #expect(error?.description.hasPrefix("\(bad):2: ") == true)
    }

    @Test func unreadableFileIsNamed() throws {
        let directory = try TemporaryDirectory()
        let missing = directory.path + "/nope.list"
        let error = #expect(throws: ConfigError.self) { try SourcesList.load(missing) }
        #expect(error?.description.contains(missing) == true)
    }
}

@Suite struct TagSelectionTests {
    @Test(arguments: [
        ("3\\.1[0-9]", ["3.19", "3.19.1", "v3.19", "3.1", "3.10"], ["3.19", "3.10"]),  // whole tag must match
        ("a|ab", ["ab", "a", "b"], ["ab", "a"]),                                         // alternation anchored as a group
        ("v?1\\..*", ["1.0", "v1.2", "21.0", "1"], ["1.0", "v1.2"]),
    ])
    func matchingKeepsWholeMatchesInOrder(pattern: String, tags: [String], expected: [String]) {
        #expect(TagSelection.matching(pattern).filter(tags) == expected)
    }

    @Test func allKeepsEveryTagAndMatchesSingleTags() {
        #expect(TagSelection.all.filter(["b", "a"]) == ["b", "a"])
        #expect(TagSelection.matching("lat.st").matches("latest"))
        #expect(!TagSelection.matching("lat").matches("latest"))
        #expect(TagSelection.matching("(").filter(["("]).isEmpty)  // uncompilable keeps nothing
    }
}
