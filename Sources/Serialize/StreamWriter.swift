import Foundation
import OCI
import Registry
import Store
import TarStream

/// Writes a planned stream. The tar producer and its blocking reads and writes run on a thread
/// of their own (never the cooperative pool); the block writer drains to the device on another.
final class StreamWriter: @unchecked Sendable {
    private let source: any ContentSource
    private let plan: StreamPlan
    private let options: SerializeOptions
    private let resume: ResumePoint?
    private let deduplicatedSize: String
    private let manifestJSON: Data?
    private let events: @Sendable (SerializeEvent) -> Void
    private let cancelled = CancelFlag()

    init(source: any ContentSource, plan: StreamPlan, options: SerializeOptions, resume: ResumePoint?,
         deduplicatedSize: String, manifestJSON: Data?, events: @escaping @Sendable (SerializeEvent) -> Void) {
        self.source = source
        self.plan = plan
        self.options = options
        self.resume = resume
        self.deduplicatedSize = deduplicatedSize
        self.manifestJSON = manifestJSON
        self.events = events
    }

    /// Returns the stream's length in bytes.
    func write(to destination: String) async throws -> Int64 {
        try await withTaskCancellationHandler {
            try await runOnThread { try self.writeBlocking(to: destination) }
        } onCancel: {
            cancelled.set()
        }
    }

    private func writeBlocking(to destination: String) throws -> Int64 {
        let keep = resume?.offset ?? 0
        let device = try OutputDevice.open(destination, resumeAt: resume.map(\.offset))
        defer { try? device.close() }
        let ledger = try options.checkpoint.map {
            try CheckpointWriter(path: $0, keepingBytes: resume?.ledgerBytes, durable: keep)
        }
        let blocks = BlockWriter(device: device, blockSize: options.blockSize, bufferSize: options.bufferSize,
                                 highWaterMark: options.highWaterMark, startOffset: keep,
                                 onDurable: { ledger?.mediumDurable(upTo: $0) })
        do {
            let tar = try TarWriter(output: SkippingSink(blocks, skip: keep), compression: options.compression)
            try writeEntries(into: tar, keep: keep, ledger: ledger)
            try tar.finish()
            try blocks.finish()
            try ledger?.close()
            return tar.outputPosition
        } catch {
            blocks.abort()
            try? ledger?.close()
            throw error
        }
    }

    private func writeEntries(into tar: TarWriter, keep: Int64, ledger: CheckpointWriter?) throws {
        try tar.addFile("oci-layout", data: StreamDocuments.ociLayout)
        try tar.addFile("index.json", data: StreamDocuments.index(manifests: [plan.root], toolVersion: options.toolVersion,
                                                                   deduplicatedSize: deduplicatedSize))
        var directories: Set<String> = []
        let readAhead = ReadAhead(depth: Self.readAheadDepth)
        defer { readAhead.closeAll() }
        for (index, entry) in plan.entries.enumerated() {
            if cancelled.isSet { throw CancellationError() }
            let descriptor = entry.descriptor
            for directory in ["blobs/", "blobs/\(descriptor.digest.algorithm.rawValue)/"] where directories.insert(directory).inserted {
                try tar.addDirectory(directory)
            }
            let source = try readAhead.take(index) ?? content(of: descriptor, startingAt: tar.position, keep: keep)
            // Past the kept part of a resumed file, the next blobs start downloading now, so a
            // registry's per-request latency overlaps this blob's transfer instead of adding to it.
            if tar.position >= keep {
                try readAhead.fill(after: index, count: plan.entries.count) { next in
                    let upcoming = plan.entries[next].descriptor
                    return plan.manifestBytes[upcoming.digest] == nil ? try opened(upcoming) : nil
                }
            }
            try tar.addFile(StreamDocuments.blobPath(descriptor.digest), size: descriptor.size, from: source)
            try ledger?.entryCompleted(CheckpointLedger.Record(descriptor: descriptor, offset: tar.position))
            events(.entry(descriptor))
        }
        try tar.addFile("index.json", data: StreamDocuments.index(manifests: plan.manifests, toolVersion: options.toolVersion,
                                                                   deduplicatedSize: deduplicatedSize))
        if let manifestJSON {
            try tar.addFile("manifest.json", data: manifestJSON)
        }
    }

    /// The blob's bytes, verified as they are read; zeros when the whole entry lies in the part of
    /// a resumed file that is kept (those bytes are never written again, so never read).
    private func content(of descriptor: Descriptor, startingAt start: Int64, keep: Int64) throws -> any ByteSource {
        // Headers (a PAX record and the USTAR header) take at most three 512-byte records.
        if start + 1536 + descriptor.size <= keep { return ZeroSource(size: descriptor.size) }
        let events = self.events
        if let bytes = plan.manifestBytes[descriptor.digest] { return CountingSource(DataSource(bytes)) { events(.bytes($0)) } }
        return try opened(descriptor)
    }

    /// Blobs opened ahead of the one being written (each holds at most a pipe's buffer).
    static let readAheadDepth = 4

    private func opened(_ descriptor: Descriptor) throws -> any ByteSource {
        let events = self.events
        return CountingSource(try source.openBlob(descriptor, offset: 0)) { events(.bytes($0)) }
    }
}

/// Set once from a cancellation handler, read by the writing thread between entries.
final class CancelFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }

    func set() { lock.lock(); value = true; lock.unlock() }
}

/// Sources of the next few entries, opened early; used only by the writing thread.
final class ReadAhead {
    private let depth: Int
    private var open: [Int: any ByteSource] = [:]

    init(depth: Int) { self.depth = depth }

    /// The source opened for entry `index`, if any.
    func take(_ index: Int) -> (any ByteSource)? {
        open.removeValue(forKey: index)
    }

    /// Opens entries `index+1 ... index+depth` not yet open; `make` returns nil for an entry that
    /// needs no source (its bytes are in memory).
    func fill(after index: Int, count: Int, make: (Int) throws -> (any ByteSource)?) throws {
        var next = index + 1
        while next < count && next <= index + depth {
            if open[next] == nil, let source = try make(next) { open[next] = source }
            next += 1
        }
    }

    func closeAll() {
        for source in open.values { source.close() }
        open.removeAll()
    }
}
