import Foundation
import Testing
@testable import OCI

struct ReferenceTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var input: String
        var description: String
        var registry: String
        var repository: String
        var tag: String?
        var digest: String?
        var testDescription: String { input }
    }

    static let digest = fakeDigest("a")

    static let valid: [Case] = [
        Case(input: "busybox", description: "docker.io/library/busybox:latest",
             registry: "docker.io", repository: "library/busybox"),
        Case(input: "busybox:1.36", description: "docker.io/library/busybox:1.36",
             registry: "docker.io", repository: "library/busybox", tag: "1.36"),
        Case(input: "bitnami/redis", description: "docker.io/bitnami/redis:latest",
             registry: "docker.io", repository: "bitnami/redis"),
        Case(input: "docker.io/busybox", description: "docker.io/library/busybox:latest",
             registry: "docker.io", repository: "library/busybox"),
        Case(input: "index.docker.io/x", description: "docker.io/library/x:latest",
             registry: "docker.io", repository: "library/x"),
        Case(input: "localhost/x", description: "localhost/x:latest", registry: "localhost", repository: "x"),
        Case(input: "localhost:5000/a/b@\(digest)", description: "localhost:5000/a/b@\(digest)",
             registry: "localhost:5000", repository: "a/b", digest: digest),
        Case(input: "ghcr.io/org/img:1.2", description: "ghcr.io/org/img:1.2",
             registry: "ghcr.io", repository: "org/img", tag: "1.2"),
        Case(input: "reg.example.com/a/b/c:v1@\(digest)", description: "reg.example.com/a/b/c:v1@\(digest)",
             registry: "reg.example.com", repository: "a/b/c", tag: "v1", digest: digest),
        Case(input: "127.0.0.1:5000/x:Tag_1.0-rc", description: "127.0.0.1:5000/x:Tag_1.0-rc",
             registry: "127.0.0.1:5000", repository: "x", tag: "Tag_1.0-rc"),
        Case(input: "[::1]:5000/x", description: "[::1]:5000/x:latest", registry: "[::1]:5000", repository: "x"),
        Case(input: "[fe80::1]/x/y:t", description: "[fe80::1]/x/y:t", registry: "[fe80::1]", repository: "x/y", tag: "t"),
        Case(input: "a.b/x__y.z-w--v/q_r", description: "a.b/x__y.z-w--v/q_r:latest",
             registry: "a.b", repository: "x__y.z-w--v/q_r"),
    ]

    @Test(arguments: valid)
    func normalises(_ c: Case) throws {
        let ref = try Reference(parsing: c.input)
        #expect(ref.description == c.description)
        #expect(ref.registry == c.registry)
        #expect(ref.repository == c.repository)
        #expect(ref.tag == c.tag)
        #expect(ref.digest?.description == c.digest)
        #expect(ref.repositoryPath == "\(c.registry)/\(c.repository)")
        // The written-out form parses back to the same reference (tag defaults aside).
        let again = try Reference(parsing: ref.description)
        #expect(again.description == ref.description)
    }

    @Test(arguments: [
        ("", "reference is empty"),
        ("Foo/bar", "repository must be lowercase"),
        ("ghcr.io/Org/img", "repository must be lowercase"),
        ("busybox:", "invalid tag \"\""),
        ("busybox:-x", "invalid tag \"-x\""),
        ("busybox:a+b", "invalid tag \"a+b\""),
        ("busybox:" + String(repeating: "t", count: 129), "invalid tag"),
        ("busybox@sha256:abc", "bad digest \"sha256:abc\": sha256 needs 64 hex digits, got 3"),
        ("busybox@", "bad digest"),
        ("a//b", "empty path component"),
        ("reg.io/a/", "empty path component"),
        ("reg.io/", "repository is empty"),
        ("reg.io/-a", "invalid repository path component \"-a\""),
        ("reg.io/a_", "invalid repository path component \"a_\""),
        ("reg.io/a___b", "invalid repository path component"),
        ("reg.io/a._b", "invalid repository path component"),
        ("reg.io/a b", "invalid repository path component"),
        ("reg.io:99999/a", "invalid port \"99999\""),
        ("reg.io:/a", "invalid port \"\""),
        ("-reg.io/a", "invalid registry host"),
        ("reg..io/a", "invalid registry host"),
        ("[::1/a", "no closing ']'"),
        ("[zz::1]:5000/a", "not a valid IPv6 address"),
        ("[::1]x/a", "unexpected text after ']'"),
        ("reg.io/" + String(repeating: "a", count: 249), "longer than 255"),
    ])
    func rejects(input: String, reason: String) {
        let error = ociError { try Reference(parsing: input) }
        guard case .invalidReference(let text, let actual) = error else {
            Issue.record("expected invalidReference for \(input), got \(String(describing: error))")
            return
        }
        #expect(text == input)
        #expect(actual.contains(reason), "\(actual)")
    }

    @Test func maximumLengthAccepted() throws {
        let ref = try Reference(parsing: "reg.io/" + String(repeating: "a", count: 248))
        #expect(ref.repositoryPath.count == 255)
    }

    @Test func errorMessageNamesInputAndRule() {
        let error = ociError { try Reference(parsing: "Foo/bar") }
        #expect(error?.description == "invalid reference \"Foo/bar\": repository must be lowercase")
    }

    @Test func identifierPrefersDigest() throws {
        #expect(try Reference(parsing: "busybox").identifier == "latest")
        #expect(try Reference(parsing: "busybox:1.36").identifier == "1.36")
        #expect(try Reference(parsing: "busybox:1.36@\(Self.digest)").identifier == Self.digest)
    }

    @Test func apiHostForDockerHub() throws {
        #expect(try Reference(parsing: "busybox").apiHost == "registry-1.docker.io")
        #expect(try Reference(parsing: "localhost:5000/a").apiHost == "localhost:5000")
    }

    @Test func withTagAndDigest() throws {
        let digest = try Digest(Self.digest)
        let ref = try Reference(parsing: "ghcr.io/org/img:1.2")
        #expect(ref.withDigest(digest).description == "ghcr.io/org/img:1.2@\(Self.digest)")
        #expect(ref.withTag(nil).withDigest(digest).description == "ghcr.io/org/img@\(Self.digest)")
        #expect(ref.withTag("2.0").description == "ghcr.io/org/img:2.0")
        #expect(ref.withDigest(digest).withDigest(nil) == ref)
    }

    @Test func memberwiseInitNormalisesAndValidates() throws {
        let ref = try Reference(registry: "index.docker.io", repository: "busybox", tag: "1")
        #expect(ref.description == "docker.io/library/busybox:1")
        let error = ociError { try Reference(registry: "reg.io", repository: "A", tag: nil) }
        #expect(error == .invalidReference("reg.io/A", reason: "repository must be lowercase"))
        #expect(ociError { try Reference(registry: "reg.io", repository: "a", tag: "bad tag") } != nil)
    }

    @Test func isValidTag() {
        #expect(Reference.isValidTag("v1.0_rc-1"))
        #expect(Reference.isValidTag("_x"))
        #expect(!Reference.isValidTag(".x"))
        #expect(!Reference.isValidTag(""))
        #expect(Reference.isValidTag(String(repeating: "a", count: 128)))
        #expect(!Reference.isValidTag(String(repeating: "a", count: 129)))
    }
}
