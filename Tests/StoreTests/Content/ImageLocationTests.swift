import Testing
@testable import Store

@Suite struct ImageLocationTests {
    @Test(arguments: [
        ("oci:/tmp/x", "oci:/tmp/x"),
        ("oci:/tmp/x:v1", "oci:/tmp/x:v1"),
        ("oci:relative/dir:tag", "oci:relative/dir:tag"),
        ("busybox", "docker.io/library/busybox:latest"),
        ("docker://127.0.0.1:5000/a/b:1", "127.0.0.1:5000/a/b:1"),
    ])
    func parses(text: String, expected: String) throws {
        #expect(try ImageLocation(parsing: text).description == expected)
    }

    @Test func layoutTagIsSeparated() throws {
        #expect(try ImageLocation(parsing: "oci:/data/store:sync-45") == .layout(path: "/data/store", tag: "sync-45"))
        #expect(try ImageLocation(parsing: "oci:/data/store") == .layout(path: "/data/store", tag: nil))
    }

    @Test(arguments: ["oci:", "s3://bucket/x", "docker://UPPER/case", ""])
    func rejects(text: String) {
        #expect(throws: StoreError.self) { try ImageLocation(parsing: text) }
    }
}
