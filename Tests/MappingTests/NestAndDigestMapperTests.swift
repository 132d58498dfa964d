import Config
import Foundation
import Mapping
import OCI
import Testing

/// nest (ace-dt's path.Join of prefix and source) and the digest mapper.
struct NestAndDigestMapperTests {
    @Test func nestJoinsPrefixAndSourceAsWritten() throws {
        let mapper = try Mapper(parsing: "nest=reg.high/mirror")
        #expect(try MappingFixtures.map(mapper, "docker.io/library/busybox:1.36") == ["reg.high/mirror/docker.io/library/busybox:1.36"])
        #expect(try MappingFixtures.map(mapper, "busybox:1.36") == ["reg.high/mirror/busybox:1.36"])
        let trailing = try Mapper(parsing: "nest=reg.high:5000/mirror/")
        #expect(try MappingFixtures.map(trailing, "quay.io/a/b:1") == ["reg.high:5000/mirror/quay.io/a/b:1"])
        #expect(try trailing.destinations(for: MappingFixtures.subject("quay.io/a/b:1")).first?.rule == "nest=reg.high:5000/mirror/")
    }

    @Test func nestOfASourceWithAPortSuggestsAPrefixMapper() throws {
        let mapper = try Mapper(parsing: "nest=reg.high/mirror")
        #expect { try MappingFixtures.map(mapper, "localhost:5000/team/app:1") } throws: { error in
            let text = "\(error)"
            return text.contains("localhost:5000/team/app:1") && text.contains("prefix mapper")
                && text.contains("\"localhost:5000/,reg.high/mirror/\"")
        }
    }

    @Test func nestRejectsABadPrefixUpFront() {
        #expect { try Mapper(parsing: "nest=Reg.High/Mirror") } throws: { "\($0)".contains("nest=Reg.High/Mirror") }
    }

    @Test func digestsMapsEveryLineOfThatDigest() throws {
        let one = try MappingFixtures.subject("docker.io/library/busybox:1.36")
        let other = try MappingFixtures.subject("quay.io/a/b:1")
        let file = try MappingFixtures.file("""
        # digest,destination
        \(one.digest),reg.high/tools/busybox:stable
        \(other.digest),reg.high/q/b
        \(one.digest),reg.backup/busybox@\(one.digest)
        """)
        let mapper = try Mapper(parsing: "digests=\(file)")
        #expect(try mapper.destinations(for: one).map(\.reference.description)
                == ["reg.high/tools/busybox:stable", "reg.backup/busybox@\(one.digest)"])
        #expect(try mapper.destinations(for: other).map(\.rule) == ["\(file):3"])
        #expect(try mapper.destinations(for: MappingFixtures.subject("ghcr.io/none:1")).isEmpty)
    }

    @Test func digestsFileIsCheckedByLine() throws {
        let digest = Digest.sha256(of: Data("x".utf8))
        let badDigest = try MappingFixtures.file("\(digest),reg.high/a:1\nsha256:1234,reg.high/b:1\n")
        #expect { try Mapper(parsing: "digests=\(badDigest)") } throws: { "\($0)".hasPrefix("\(badDigest):2:") && "\($0)".contains("not a digest") }
        let badReference = try MappingFixtures.file("\(digest),reg.high/A:1\n")
        #expect { try Mapper(parsing: "digests=\(badReference)") } throws: { "\($0)".hasPrefix("\(badReference):1: destination") }
    }
}
