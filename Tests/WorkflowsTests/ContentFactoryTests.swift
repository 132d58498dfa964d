import ClientTestSupport
import Foundation
import Store
import Testing
import TestSupport
import Workflows

/// Opening and creating layouts: a failed run leaves no empty store, a dry run creates none.
@Suite struct ContentFactoryTests {
    @Test func aNewLayoutLeftUnusedIsRemovedAgain() throws {
        let parent = try TestTools.makeTempDirectory("ferry-factory")
        defer { try? FileManager.default.removeItem(at: parent) }
        let path = parent.appendingPathComponent("new").path
        let (target, cleanup) = try ContentFactory.writableTarget(.layout(path: path, tag: nil), client: makeClient(hosts: []))
        #expect(target is LayoutContent)
        #expect(FileManager.default.fileExists(atPath: path))
        cleanup()
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func anExistingLayoutIsKept() throws {
        let parent = try TestTools.makeTempDirectory("ferry-factory")
        defer { try? FileManager.default.removeItem(at: parent) }
        let path = parent.appendingPathComponent("kept").path
        _ = try OCILayout(root: URL(fileURLWithPath: path), create: true)
        let (_, cleanup) = try ContentFactory.writableTarget(.layout(path: path, tag: "t"), client: makeClient(hosts: []))
        cleanup()
        #expect(FileManager.default.fileExists(atPath: path))
    }

    @Test func aDryRunCreatesNoLayout() throws {
        let parent = try TestTools.makeTempDirectory("ferry-factory")
        defer { try? FileManager.default.removeItem(at: parent) }
        let path = parent.appendingPathComponent("absent").path
        let (target, cleanup) = try ContentFactory.readOnlyTarget(.layout(path: path, tag: nil), client: makeClient(hosts: []))
        #expect(target is LayoutContent)
        #expect(!FileManager.default.fileExists(atPath: path))
        cleanup()
        #expect(throws: (any Error).self) { try ContentFactory.source(.layout(path: path, tag: nil), client: makeClient(hosts: [])) }
    }
}

/// A stream's root is named by the tag of what was serialized, as ace-dt names it.
@Suite struct StreamRootNameTests {
    @Test func theTagOrTheDigestOrLatest() throws {
        #expect(try ImageLocation(parsing: "reg.example/gather:sync-45").streamRootName == "sync-45")
        #expect(try ImageLocation(parsing: "reg.example/gather").streamRootName == "latest")
        let digest = "sha256:" + String(repeating: "a", count: 64)
        #expect(try ImageLocation(parsing: "reg.example/gather@\(digest)").streamRootName == digest)
        #expect(try ImageLocation(parsing: "oci:/tmp/set:v1").streamRootName == "v1")
        #expect(try ImageLocation(parsing: "oci:/tmp/set").streamRootName == "latest")
    }
}
