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
        for entry in plan.entries {
            if cancelled.isSet { throw CancellationError() }
            let descriptor = entry.descriptor
            for directory in ["blobs/", "blobs/\(descriptor.digest.algorithm.rawValue)/"] where directories.insert(directory).inserted {
                try tar.addDirectory(directory)
            }
            try tar.addFile(StreamDocuments.blobPath(descriptor.digest), size: descriptor.size,
                            from: try content(of: descriptor, startingAt: tar.position, keep: keep))
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
