import Streams
import ClientTestSupport
import Foundation
import OCI
import Registry
import Store
import Testing
import TestSupport
@testable import Deserialize

/// The on-disk spool of `deserialize`, on real files: verified before a blob is kept, a budget
/// bounded by free space, and nothing left behind by this run or an abandoned one.
@Suite struct BlobSpoolTests {
    /// A parent directory for spools, removed when the test ends.
    final class Parent {
        let url: URL
        init() throws { url = try TestTools.makeTempDirectory("ferry-spool") }
        deinit { try? FileManager.default.removeItem(at: url) }

        var runs: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).sorted() }

        /// Every file of every run directory but the lock files.
        var spooled: [String] {
            runs.flatMap { run in
                ((try? FileManager.default.contentsOfDirectory(atPath: url.appendingPathComponent(run).path)) ?? [])
                    .filter { $0 != ".lock" }
            }
        }

        /// A run directory as a killed run leaves it: its lock file exists, nobody holds it.
        func abandonedRun(_ name: String, modified: Date = Date()) throws -> URL {
            let run = url.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: run, withIntermediateDirectories: true)
            try Data("partial".utf8).write(to: run.appendingPathComponent("sha256-0000.partial"))
            try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: run.path)
            return run
        }
    }

    @Test func aVerifiedBlobIsKeptUntilRemoved() throws {
        let parent = try Parent()
        let spool = try BlobSpool(parent: parent.url, budget: 1 << 20)
        let blob = TestBlob(bytes: 70_000, seed: 401)
        let path = try spool.write(blob.descriptor, from: DataSource(blob.data))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == blob.data)
        #expect(parent.spooled == [URL(fileURLWithPath: path).lastPathComponent], "no temporary file beside it")
        spool.remove(path)
        #expect(parent.spooled.isEmpty)
    }

    @Test(arguments: [Int64(-1), 1, 0])
    func aWrongBlobThrowsAndLeavesNothing(sizeChange: Int64) throws {
        let parent = try Parent()
        let spool = try BlobSpool(parent: parent.url, budget: 1 << 20)
        let blob = TestBlob(bytes: 10_000, seed: 402)
        var descriptor = blob.descriptor
        descriptor.size += sizeChange
        if sizeChange == 0 { descriptor.digest = Digest.sha256(of: Data("other".utf8)) }
        #expect(throws: StoreError.self) { _ = try spool.write(descriptor, from: DataSource(blob.data)) }
        #expect(parent.spooled.isEmpty, "left: \(parent.spooled)")
    }

    @Test func theRunDirectoryGoesWithTheSpool() throws {
        let parent = try Parent()
        do {
            let spool = try BlobSpool(parent: parent.url, budget: 1 << 20)
            _ = try spool.write(TestBlob(bytes: 1000, seed: 403).descriptor, from: DataSource(TestBlob(bytes: 1000, seed: 403).data))
            #expect(parent.runs.count == 1)
            spool.removeAll()
            #expect(parent.runs.isEmpty, "removeAll")
            spool.removeAll()
        }
        do {
            let spool = try BlobSpool(parent: parent.url, budget: 1 << 20)
            _ = try spool.write(TestBlob(bytes: 1000, seed: 404).descriptor, from: DataSource(TestBlob(bytes: 1000, seed: 404).data))
            #expect(parent.runs.count == 1)
        }
        #expect(parent.runs.isEmpty, "a spool that ends removes its directory")
    }

    @Test func abandonedRunsAreRemovedAndLiveOnesKept() throws {
        let parent = try Parent()
        let live = try BlobSpool(parent: parent.url, budget: 1 << 20)
        let liveRun = try #require(parent.runs.first)
        let killed = try parent.abandonedRun("run-killed")
        _ = FileManager.default.createFile(atPath: killed.appendingPathComponent(".lock").path, contents: nil)
        // No lock file: a crash before the lock existed, or a file system without locks. Only
        // its age tells it is abandoned.
        let fresh = try parent.abandonedRun("run-fresh")
        let old = try parent.abandonedRun("run-old", modified: Date().addingTimeInterval(-2 * 24 * 3600))
        let unrelated = parent.url.appendingPathComponent("not-a-run")
        try FileManager.default.createDirectory(at: unrelated, withIntermediateDirectories: true)

        let next = try BlobSpool(parent: parent.url, budget: 1 << 20)
        let remaining = Set(parent.runs)
        #expect(remaining.contains(liveRun), "the live run's directory was removed")
        #expect(remaining.contains(fresh.lastPathComponent) && remaining.contains(unrelated.lastPathComponent))
        #expect(!remaining.contains(killed.lastPathComponent) && !remaining.contains(old.lastPathComponent))
        #expect(remaining.count == 4, "\(remaining)")
        withExtendedLifetime((live, next)) {}
    }

    @Test func theBudgetIsWhatIsWantedButAtMostAQuarterOfTheFreeSpace() throws {
        let parent = try Parent()
        let directory = parent.url.appendingPathComponent("spool")
        #expect(BlobSpool.budget(wanted: 4096, at: directory) == 4096)
        let free = try #require(try FileManager.default.attributesOfFileSystem(forPath: parent.url.path)[.systemFreeSize] as? Int64)
        let most = BlobSpool.budget(wanted: .max, at: directory)
        #expect(most > 0 && most <= free / 4 + (1 << 24), "budget \(most) for \(free) free bytes")
        #expect(most >= free / 8, "budget \(most) for \(free) free bytes")
        #expect(try BlobSpool(parent: directory, budget: most).budget == most)
    }
}
