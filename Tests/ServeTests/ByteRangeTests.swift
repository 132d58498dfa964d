@testable import Serve
import Testing

@Suite struct ByteRangeTests {
    @Test func parsesOneRangeAndIgnoresTheRest() {
        #expect(ByteRange.parse(nil, size: 100) == .whole)
        #expect(ByteRange.parse("bytes=0-9", size: 100) == .partial(ByteRange(first: 0, last: 9)))
        #expect(ByteRange.parse("bytes=90-", size: 100) == .partial(ByteRange(first: 90, last: 99)))
        #expect(ByteRange.parse("bytes=90-500", size: 100) == .partial(ByteRange(first: 90, last: 99)))
        #expect(ByteRange.parse("bytes=-10", size: 100) == .partial(ByteRange(first: 90, last: 99)))
        #expect(ByteRange.parse("bytes=-500", size: 100) == .partial(ByteRange(first: 0, last: 99)))
        #expect(ByteRange.parse("bytes=100-", size: 100) == .unsatisfiable)
        #expect(ByteRange.parse("bytes=-0", size: 100) == .unsatisfiable)
        #expect(ByteRange.parse("bytes=0-", size: 0) == .unsatisfiable)
        // Several ranges, other units, reversed or overflowing numbers: the whole blob.
        #expect(ByteRange.parse("bytes=0-1,5-6", size: 100) == .whole)
        #expect(ByteRange.parse("items=0-1", size: 100) == .whole)
        #expect(ByteRange.parse("bytes=9-1", size: 100) == .whole)
        #expect(ByteRange.parse("bytes=99999999999999999999-", size: 100) == .whole)
        #expect(ByteRange.parse("bytes=-99999999999999999999", size: 100) == .whole)
    }
}

@Suite struct RepositoryNamingTests {
    @Test func tagsReferencesAndHosts() {
        #expect(RepositoryNaming.names(for: "v1", defaultRepository: "app") == [RepositoryName(repository: "app", tag: "v1")])
        #expect(RepositoryNaming.names(for: "docker.io/library/busybox:1.36", defaultRepository: "app") == [
            RepositoryName(repository: "library/busybox", tag: "1.36"),
            RepositoryName(repository: "docker.io/library/busybox", tag: "1.36"),
        ])
        #expect(RepositoryNaming.names(for: "127.0.0.1:5000/team/app:2", defaultRepository: "app") == [
            RepositoryName(repository: "team/app", tag: "2"),
        ])
        #expect(RepositoryNaming.names(ofReference: "busybox") == [
            RepositoryName(repository: "library/busybox", tag: "latest"),
            RepositoryName(repository: "docker.io/library/busybox", tag: "latest"),
        ])
        #expect(RepositoryNaming.sanitized("My Layout_2") == "my-layout-2")
        #expect(RepositoryNaming.sanitized("...") == "ferry")
        #expect(RepositoryNaming.isRepository("docker.io/library/busybox"))
        #expect(!RepositoryNaming.isRepository("127.0.0.1:5000/app"))
        #expect(!RepositoryNaming.isRepository("App"))
        #expect(!RepositoryNaming.isRepository("a//b"))
    }
}
