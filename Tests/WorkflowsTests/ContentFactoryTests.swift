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
