import Config
import Testing

@Suite struct LabelSelectorTests {
    /// (selector, labels, whether they match) — semantics of apimachinery's labels.Parse.
    @Test(arguments: [
        ("tier=base", ["tier": "base"], true),
        ("tier=base", ["tier": "web"], false),
        ("tier=base", [:], false),
        ("tier==base", ["tier": "base"], true),
        ("tier==base", ["tier": "web"], false),
        ("tier!=base", [:], true),
        ("tier!=base", ["tier": "base"], false),
        ("tier!=base", ["tier": "web"], true),
        ("tier in (base, web)", ["tier": "web"], true),
        ("tier in (base,web)", ["tier": "db"], false),
        ("tier in (base,web)", [:], false),
        ("tier notin (base,web)", [:], true),
        ("tier notin (base,web)", ["tier": "base"], false),
        ("tier notin (base,web)", ["tier": "db"], true),
        ("tier", ["tier": ""], true),
        ("tier", ["other": "x"], false),
        ("!tier", [:], true),
        ("!tier", ["tier": "x"], false),
        ("a=1,b=2", ["a": "1", "b": "2"], true),
        ("a=1,b=2", ["a": "1"], false),
        (" a = 1 , ! b ", ["a": "1"], true),
        (" a = 1 , ! b ", ["a": "1", "b": "x"], false),
        ("\ta=1,\nb", ["a": "1", "b": "2"], true),
        ("", ["any": "thing"], true),
        ("   ", [:], true),
        ("x in ()", ["x": ""], true),
        ("x in ()", ["x": "a"], false),
        ("x in (a,)", ["x": ""], true),
        ("x=", ["x": ""], true),
        ("x=", ["x": "a"], false),
        ("n>3", ["n": "4"], true),
        ("n>3", ["n": "3"], false),
        ("n>3", ["n": "abc"], false),
        ("n>3", [:], false),
        ("n<3", ["n": "-1"], true),
        ("in=notin", ["in": "notin"], true),          // keywords are plain words outside operator position
        ("x in (in,notin)", ["x": "notin"], true),
        ("example.com/team=Core_1", ["example.com/team": "Core_1"], true),
        ("example.com/team=Core_1", ["team": "Core_1"], false),
    ] as [(String, [String: String], Bool)])
    func matching(selector: String, labels: [String: String], expected: Bool) throws {
        #expect(try LabelSelector(parsing: selector).matches(labels) == expected)
    }

    /// (selector, text the error must contain).
    @Test(arguments: [
        ("a=b,", "found the end of the selector after ',', expected a requirement"),
        ("a,,b", "found ',' after ',', expected a requirement"),
        ("a b", "found 'b' after key \"a\", expected one of"),
        ("a in b", "found 'b' after \"a in\", expected '('"),
        ("a in (b", "found the end of the selector in the value list of \"a\""),
        ("a in (b c)", "found 'c' in the value list of \"a\", expected ',' or ')'"),
        ("!a=b", "found '=', expected ',' or the end of the selector"),
        ("a=b c", "found 'c', expected ',' or the end of the selector"),
        ("=b", "found '=', expected '!' or a label key"),
        ("!", "found the end of the selector, expected a label key"),
        ("-a=b", "label key \"-a\": name part must consist of"),
        ("Foo.com/a", "label key \"Foo.com/a\": prefix part"),
        ("a=b/c", "value \"b/c\" for key \"a\""),
        ("a in (ok,b_)", "value \"b_\" for key \"a\""),
        ("a=(b)", "found '(' after \"a=\", expected a value"),
        ("n>x", "'>' and '<' need an integer value"),
        ("n<", "'>' and '<' need an integer value"),
    ])
    func errors(selector: String, expected: String) {
        let error = #expect(throws: LabelSelectorError.self) { try LabelSelector(parsing: selector) }
        #expect(error?.description.hasPrefix("invalid label selector \"\(selector)\": ") == true)
        #expect(error?.description.contains(expected) == true, "\(String(describing: error))")
    }

    @Test func equalityIgnoresSpellingAndDescriptionIsCanonical() throws {
        #expect(try LabelSelector(parsing: "a=b") == LabelSelector(parsing: " a == b "))
        #expect(try LabelSelector(parsing: "x in (b,a,a)") == LabelSelector(parsing: "x in (a,b)"))
        #expect(try LabelSelector(parsing: "a=b") != LabelSelector(parsing: "a!=b"))
        #expect(try LabelSelector(parsing: "x in (b,a), !y ,z, n>2").description == "x in (a,b),!y,z,n>2")
    }
}
