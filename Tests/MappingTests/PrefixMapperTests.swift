import Config
import Mapping
import Testing

/// first-, all- and longest-prefix: raw string prefixes of the source as written (ace-dt's mapPrefixes / getLongestPrefix).
struct PrefixMapperTests {
    let rules = """
    # comment
    docker.io/library/,reg.high/hub/
    docker.io/,reg.high/other/
    docker.io/library/,reg.backup/hub/
    quay.io/,reg.high/quay/
    """

    @Test func firstPrefixTakesTheFirstMatchingLine() throws {
        let file = try MappingFixtures.file("docker.io/library/,reg.high/hub/\ndocker.io/,reg.high/other/\nquay.io/,reg.high/quay/\n")
        let mapper = try Mapper(parsing: "first-prefix=\(file)")
        #expect(try MappingFixtures.map(mapper, "docker.io/library/busybox:1.36") == ["reg.high/hub/busybox:1.36"])
        #expect(try MappingFixtures.map(mapper, "docker.io/bitnami/redis:7") == ["reg.high/other/bitnami/redis:7"])
        #expect(try MappingFixtures.map(mapper, "ghcr.io/x/y:1").isEmpty)
        let rule = try mapper.destinations(for: MappingFixtures.subject("quay.io/a/b:1")).first?.rule
        #expect(rule == "\(file):3")
    }

    @Test func allPrefixGivesEveryMatchingLine() throws {
        let mapper = try Mapper(parsing: "all-prefix=\(try MappingFixtures.file(rules))")
        #expect(try MappingFixtures.map(mapper, "docker.io/library/busybox:1.36")
                == ["reg.high/hub/busybox:1.36", "reg.high/other/library/busybox:1.36", "reg.backup/hub/busybox:1.36"])
        #expect(try MappingFixtures.map(mapper, "quay.io/a/b@sha256:" + String(repeating: "a", count: 64))
                == ["reg.high/quay/a/b@sha256:" + String(repeating: "a", count: 64)])
    }

    @Test func firstAndAllIgnoreAnEmptyPrefix() throws {
        let file = try MappingFixtures.file(",reg.high/default/\nquay.io/,reg.high/quay/\n")
        #expect(try MappingFixtures.map(try Mapper(parsing: "first-prefix=\(file)"), "ghcr.io/x:1").isEmpty)
        #expect(try MappingFixtures.map(try Mapper(parsing: "all-prefix=\(file)"), "quay.io/x:1") == ["reg.high/quay/x:1"])
    }

    @Test func longestPrefixWinsAndEmptyPrefixIsTheDefault() throws {
        let file = try MappingFixtures.file("""
        ,reg.high/default/
        docker.io/,reg.high/hub/
        docker.io/library/busybox,reg.high/tools/busybox
        """)
        let mapper = try Mapper(parsing: "longest-prefix=\(file)")
        #expect(try MappingFixtures.map(mapper, "docker.io/library/busybox:1.36") == ["reg.high/tools/busybox:1.36"])
        #expect(try MappingFixtures.map(mapper, "docker.io/library/alpine:3") == ["reg.high/hub/library/alpine:3"])
        #expect(try MappingFixtures.map(mapper, "ghcr.io/org/app:2") == ["reg.high/default/ghcr.io/org/app:2"])
        let rule = try mapper.destinations(for: MappingFixtures.subject("ghcr.io/org/app:2")).first?.rule
        #expect(rule == "\(file):1")
        let noDefault = try Mapper(parsing: "longest-prefix=\(try MappingFixtures.file("docker.io/,reg.high/hub/\n"))")
        #expect(try MappingFixtures.map(noDefault, "ghcr.io/org/app:2").isEmpty)
    }

    @Test func aRepeatedPrefixIsAnErrorWhereOnlyOneCouldApply() throws {
        let file = try MappingFixtures.file("docker.io/,reg.high/a/\nquay.io/,reg.high/q/\ndocker.io/,reg.high/b/\n")
        for type in ["first-prefix", "longest-prefix"] {
            #expect { try Mapper(parsing: "\(type)=\(file)") } throws: { error in
                (error as? ListFileError)?.line == 3 && "\(error)".contains("\(file):3:") && "\(error)".contains("also on line 1")
            }
        }
        // all-prefix: one prefix to several destinations is the point.
        #expect(try MappingFixtures.map(try Mapper(parsing: "all-prefix=\(file)"), "docker.io/x/y:1") == ["reg.high/a/x/y:1", "reg.high/b/x/y:1"])
    }

    @Test func badLinesNameFileAndLine() throws {
        let cases = [
            ("docker.io/,reg.high/\nquay.io/\n", 2, "expected 2 fields"),
            ("# c\ndocker.io/, reg.high/\n", 2, "contains white space"),
            ("a,b,c\n", 1, "found 3"),
        ]
        for (text, line, needle) in cases {
            let file = try MappingFixtures.file(text)
            #expect { try Mapper(parsing: "longest-prefix=\(file)") } throws: { error in
                "\(error)".hasPrefix("\(file):\(line):") && "\(error)".contains(needle)
            }
        }
    }

    @Test func anInvalidDestinationNamesTheRule() throws {
        let file = try MappingFixtures.file("docker.io/,reg.high/Upper/\n")
        let mapper = try Mapper(parsing: "first-prefix=\(file)")
        #expect { try MappingFixtures.map(mapper, "docker.io/library/busybox:1") } throws: { error in
            "\(error)".hasPrefix("\(file):1: destination \"reg.high/Upper/library/busybox:1\" for docker.io/library/busybox:1")
                && "\(error)".contains("lowercase")
        }
    }
}
