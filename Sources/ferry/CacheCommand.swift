import ArgumentParser
import Config
import Foundation
import Store
import Workflows

/// `ferry cache …`: ferry's cache directory (`~/.cache/ferry`).
struct CacheCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache",
        abstract: "Look after ferry's cache directory.",
        subcommands: [CachePruneCommand.self])
}

/// `ferry cache prune`: ace-dt's `util prune`, for ferry's cache.
struct CachePruneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune",
        abstract: "Shrink the cache to a maximum size, least recently stored first.",
        discussion: """
        Removes, until the cache fits: blobs of the local store (archive/unarchive) that no tag reaches, the blob-location hints, then whole images of the local store, oldest tag first (an image goes with every blob only it uses, so the store stays consistent). The manifests a deserialize keeps waiting for their blobs are never removed. Files younger than an hour are left alone (an archive may be writing them). The size: --max-size, else -s, else the configuration's cachePruneMax ($FERRY_CACHE_PRUNE_MAX, $ACE_DT_CACHE_PRUNE_MAX; default 500Mi).
        """)

    @Option(name: .customLong("max-size"), help: "Size to keep at most (e.g. 2GiB, 500Mi, 0 for none).",
            transform: { try ByteSize.parse($0) })
    var maxSize: Int64?

    @Option(name: [.customShort("s"), .customLong("maxsize")], help: "Size to keep at most, in MiB (ace-dt's flag).")
    var maxMiB: Int64?

    @Flag(name: .long, help: "Print what would be removed; remove nothing.")
    var dryRun = false

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if let maxMiB, maxMiB < 0 { throw ValidationError("-s/--maxsize must not be negative, found \(maxMiB)") }
        if maxSize != nil && maxMiB != nil { throw ValidationError("--max-size and -s/--maxsize exclude each other: give the size once") }
    }

    func run() throws {
        try CommandOutcome.run {
            let configuration = try global.loadConfiguration()
            let limit = maxSize ?? maxMiB.map { $0 > Int64.max >> 20 ? Int64.max : $0 << 20 } ?? configuration.cachePruneMax
            guard let cache = CacheDirectory.ferry() else {
                throw ValidationError("no cache directory: set XDG_CACHE_HOME or HOME")
            }
            let pruner = CachePruner(cache: cache, store: try LocalStore.directory(configuration))
            let report = try pruner.prune(to: limit, dryRun: dryRun)
            guard !global.quiet else { return }
            let verb = dryRun ? "would remove" : "removed"
            var text = dryRun ? "" : "Cache pruned to maximum size: \(limit >> 20) MiB\n"
            text += "\(verb) \(report.removedFiles) files: \(Reporter.format(report.sizeBefore)) -> \(Reporter.format(report.sizeAfter))\n"
            if !report.removedImages.isEmpty { text += "\(verb) images: \(report.removedImages.joined(separator: ", "))\n" }
            if report.waitingManifests > 0 {
                text += "kept \(Reporter.format(report.waitingManifests)) of manifests a deserialize is waiting to push\n"
            }
            Console.out(text)
        }
    }
}
