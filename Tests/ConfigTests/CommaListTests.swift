import Config
import Testing

/// pflag's splitting of list and map flag values, as ace-dt scripts rely on it.
@Suite struct CommaListTests {
    @Test(arguments: [
        ("linux/amd64,linux/arm64", ["linux/amd64", "linux/arm64"]),
        ("linux/amd64", ["linux/amd64"]),
        ("a.jsonl:12, b.jsonl:34", ["a.jsonl:12", "b.jsonl:34"]),
        (#""a,b",c"#, ["a,b", "c"]),
        (#""say ""hi""",x"#, [#"say "hi""#, "x"]),
        ("a,", ["a", ""]),
        ("", []),
    ])
    func listItemsSplitAsOneCSVRecord(text: String, expected: [String]) throws {
        #expect(try CommaList.items(text) == expected)
    }

    @Test(arguments: [#"a"b"#, #""a"b,c"#, #""open"#])
    func misplacedQuotesAreErrors(text: String) {
        #expect(throws: CommaListError.self) { try CommaList.items(text) }
    }

    @Test(arguments: [
        ("a=1,b=2", ["a=1", "b=2"]),
        ("env in (a,b),tier=web", ["env in (a,b)", "tier=web"]),
        ("env notin (a,b)", ["env notin (a,b)"]),
        (#""a=1,b=2""#, ["a=1,b=2"]),
        ("!legacy", ["!legacy"]),
    ])
    func selectorsDoNotSplitInsideParentheses(text: String, expected: [String]) throws {
        #expect(try CommaList.selectors(text) == expected)
        #expect(try CommaList.items("env in (a,b)") == ["env in (a", "b)"])
    }

    @Test func pairsFollowPflagsStringToString() throws {
        func pairs(_ text: String) throws -> [String] { try CommaList.pairs(text).map { "\($0.key):\($0.value)" } }
        #expect(try pairs("k1=v1,k2=v2") == ["k1:v1", "k2:v2"])
        #expect(try pairs("k=v1,v2") == ["k:v1,v2"])
        #expect(try pairs(#""k=v""#) == ["k:v"])
        #expect(try pairs("url=a=b") == ["url:a=b"])
        #expect(try pairs("k1=v1,oops") == ["k1:v1,oops"])
        for bad in ["novalue", "k1=v1,k2=v2,oops", "=v", #"k1="x,y",k2=z"#] {
            #expect(throws: CommaListError.self, "\(bad)") { try CommaList.pairs(bad) }
        }
    }
}
