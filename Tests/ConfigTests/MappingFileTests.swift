import Config
import Testing

@Suite struct MappingFileTests {
    @Test(arguments: [
        ("# prefix map\ndocker.io/,reg.high/mirror/\n\n,reg.high/default/\nsha256:abc,reg/x:1", [
            MappingFile.Rule(source: "docker.io/", destination: "reg.high/mirror/", line: 2),
            MappingFile.Rule(source: "", destination: "reg.high/default/", line: 4),
            MappingFile.Rule(source: "sha256:abc", destination: "reg/x:1", line: 5),
        ]),
        ("a,b\r\nc,d\r\n", [
            MappingFile.Rule(source: "a", destination: "b", line: 1),
            MappingFile.Rule(source: "c", destination: "d", line: 2),
        ]),
        ("\"a,b\",\"c\"\"d\"", [MappingFile.Rule(source: "a,b", destination: "c\"d", line: 1)]),
        (",reg.high/all/", [MappingFile.Rule(source: "", destination: "reg.high/all/", line: 1)]),
        ("a/," + String(repeating: "b", count: 1 << 20), [MappingFile.Rule(source: "a/", destination: String(repeating: "b", count: 1 << 20), line: 1)]),
    ] as [(String, [MappingFile.Rule])])
    func goodFiles(text: String, expected: [MappingFile.Rule]) throws {
        #expect(try MappingFile.parse(text, file: "m.csv") == expected)
    }

    @Test(arguments: [
        ("docker.io/\n", "m.csv:1: expected 2 fields (SOURCE,DESTINATION), found 1"),
        ("# c\na,b,c", "m.csv:2: expected 2 fields (SOURCE,DESTINATION), found 3"),
        ("a,b\nx,y,", "m.csv:2: expected 2 fields (SOURCE,DESTINATION), found 3"),
        ("docker.io/, reg.high/", "m.csv:1: destination \" reg.high/\" contains white space"),
        ("docker.io/ ,reg.high/", "m.csv:1: source \"docker.io/ \" contains white space"),
        (" # not a comment", "m.csv:1: expected 2 fields (SOURCE,DESTINATION), found 1"),  // Go: only column-1 '#'
        (" # x,y", "m.csv:1: source \" # x\" contains white space"),
        ("a, \"b\"", "m.csv:1: bare \" in unquoted field"),                                 // no leading-space trim
        ("a,\"b", "m.csv:1: quoted field is never closed"),
        ("a,b\nc,\"d\ne\nf", "m.csv:2: quoted field is never closed"),
        // An empty destination would become docker.io/<rest of the source>.
        ("a,b\nreg.low/,", "m.csv:2: destination is empty"),
        ("reg.low/,\"\"", "m.csv:1: destination is empty"),
        ("reg.low/,\t", "m.csv:1: destination \"\\t\" contains white space"),
        (" , ", "m.csv:1: source \" \" contains white space"),
        ("reg.low/\u{0},reg.high/", "m.csv:1: source \"reg.low/\\0\" contains a control character"),
        ("a,b\n\n\nreg.low/,reg.high/\u{7}x", "m.csv:4: destination \"reg.high/\\u{7}x\" contains a control character"),
    ])
    func badFiles(text: String, expected: String) {
        let error = #expect(throws: ListFileError.self) { try MappingFile.parse(text, file: "m.csv") }
        #expect(error?.description.contains(expected) == true, "\(String(describing: error))")
    }

    @Test func loadReadsFileAndNamesMissingOne() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("map.csv", "docker.io/,reg.high/\n")
        #expect(try MappingFile.load(path) == [MappingFile.Rule(source: "docker.io/", destination: "reg.high/", line: 1)])
        let missing = directory.path + "/missing.csv"
        let error = #expect(throws: ConfigError.self) { try MappingFile.load(missing) }
        #expect(error?.description.contains(missing) == true)
    }
}
