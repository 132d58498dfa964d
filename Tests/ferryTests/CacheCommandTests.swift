import Foundation
import Testing
import TestSupport

/// `ferry cache prune` on a cache of its own: sizes from flags or the config, a dry run that
/// removes nothing, and usage errors for sizes that mean nothing.
@Suite struct CacheCommandTests {
    @Test func pruneHonoursItsSizesAndDryRun() throws {
        let home = try TestTools.makeTempDirectory("ferry-cache-cmd")
        let hints = home.appendingPathComponent("cache/ferry/blob-locations")
        try FileManager.default.createDirectory(at: hints, withIntermediateDirectories: true)
        let hint = hints.appendingPathComponent("sha256-ab")
        try Data(repeating: 7, count: 4096).write(to: hint)
        let environment = ["HOME": home.path, "XDG_CACHE_HOME": home.appendingPathComponent("cache").path]
        func ferry(_ arguments: [String]) throws -> TestTools.Result {
            try TestTools.run(FerryBinary.path, arguments, environment: environment)
        }
        let dry = try ferry(["cache", "prune", "--max-size", "0", "--dry-run"])
        #expect(dry.status == 0 && dry.stdout == "would remove 1 files: 4.0 KiB -> 0 B\n", "\(dry.stdout)\(dry.stderr)")
        #expect(FileManager.default.fileExists(atPath: hint.path))
        let kept = try ferry(["cache", "prune"])
        #expect(kept.status == 0 && kept.stdout.hasPrefix("Cache pruned to maximum size: 500 MiB\nremoved 0 files"), "\(kept.stdout)")
        let pruned = try ferry(["cache", "prune", "-s", "0"])
        #expect(pruned.status == 0 && pruned.stdout == "Cache pruned to maximum size: 0 MiB\nremoved 1 files: 4.0 KiB -> 0 B\n", "\(pruned.stdout)")
        #expect(!FileManager.default.fileExists(atPath: hint.path))
        let aceDT = try ferry(["-v=info", "util", "prune", "-s", "0", "--dry-run"])
        #expect(aceDT.status == 0 && aceDT.stdout.hasPrefix("would remove 0 files"), "ace-dt's util prune: \(aceDT.stdout)\(aceDT.stderr)")
        #expect(try ferry(["cache", "prune", "--max-size", "lots"]).status == 2)
        #expect(try ferry(["cache", "prune", "-s", "-1"]).status == 2)
        #expect(try ferry(["cache", "prune", "-s", "1", "--max-size", "1"]).status == 2)
    }
}
