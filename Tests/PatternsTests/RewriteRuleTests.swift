import Config
import Patterns
import Testing

@Suite struct RewriteRuleTests {
    @Test(arguments: [
        ("rancher/rancher-agent", "ace/dt/rancher-images/rancher-agent"),
        ("rancher/fleet/sub", "ace/dt/rancher-images/fleet/sub"),
        ("library/rancher/x", "library/rancher/x"),  // anchored: no match, unchanged
        ("ranchers/x", "ranchers/x"),
    ])
    func rancherExample(repository: String, expected: String) throws {
        let settings = RegistrySettings(rewritePull: [
            try RewriteRule(pattern: "^rancher/(.*)", replacement: "ace/dt/rancher-images/$1"),
        ])
        #expect(settings.rewrite(repository: repository) == expected)
    }

    /// Cases whose results were taken from Go's regexp.ReplaceAllString.
    @Test(arguments: [
        ("a", "b", "banana", "bbnbnb"),               // every match is replaced
        ("(ab)", "$1x", "ab", ""),                    // $1x means ${1x}: no such group
        ("(ab)", "${1}x", "ab", "abx"),
        ("(ab)", "$$1", "ab", "$1"),                  // $$ is a literal dollar
        ("a*", "X", "baaac", "XbXcX"),                // no empty match right after a match
        ("(?P<name>\\w+)/(.*)", "${name}-$2", "foo/bar", "foo-bar"),
        ("(?<name>\\w+)/(.*)", "$name.$2", "foo/bar", "foo.bar"),
        ("(a)", "[$5]", "a", "[]"),                   // out-of-range group is empty
        ("(a)|(b)", "[$1]", "b", "[]"),               // unmatched group is empty
        ("(a)", "x$", "a", "x$"),                     // trailing $ stays literal
        ("(a)", "$-", "a", "$-"),
        ("(a)", "${1", "a", "${1"),                   // unclosed brace stays literal
        ("(a)", "$01", "a", ""),                      // leading zero: a name, not a number
        ("o", "0", "föo/bär", "fö0/bär"),             // non-ASCII text survives UTF-16 slicing
    ])
    func goReplaceAllSemantics(pattern: String, replacement: String, input: String, expected: String) throws {
        #expect(try RewriteRule(pattern: pattern, replacement: replacement).apply(to: input) == expected)
    }

    @Test func firstMatchingRuleWins() throws {
        let settings = RegistrySettings(rewritePull: [
            try RewriteRule(pattern: "^rancher/(.*)", replacement: "r/$1"),
            try RewriteRule(pattern: "rancher", replacement: "zzz"),
        ])
        #expect(settings.rewrite(repository: "rancher/rancher") == "r/rancher")
        #expect(settings.rewrite(repository: "foo/rancher") == "foo/zzz")
        #expect(settings.rewrite(repository: "library/busybox") == "library/busybox")
    }

    @Test(arguments: ["(", "[a-", "a{2,1}", "*a"])
    func invalidPatternThrows(pattern: String) {
        #expect {
            try RewriteRule(pattern: pattern, replacement: "x")
        } throws: { error in
            (error as? PatternError) == PatternError(pattern: pattern, reason: "does not compile")
        }
    }
}
