import Foundation
import Synchronization
import Inspect
import OCI
import Registry
import Store
import Streams
import TarStream

/// Reads a serialized stream (any entry order; plain, gzip or zstd) into a registry or layout.
/// Every blob is verified (size and digest) as it is stored; manifests are pushed at the end,
/// each only once all its children exist in the target, so an interrupted or damaged stream never
/// leaves a manifest whose content is incomplete. Blobs already in the target are not sent again,
/// so an interrupted deserialize just runs again.
public final class Deserializer: Sendable {
    public typealias Target = ContentSource & ContentTarget
    private let target: any Target
    private let options: DeserializeOptions
    private let events: @Sendable (DeserializeEvent) -> Void

    /// Small blobs that may be manifests are spooled to disk until the end: JSON of at most this size.
    static let manifestLimit = ParsedManifest.byteLimit

    public init(target: any Target, options: DeserializeOptions = DeserializeOptions(),
                events: @escaping @Sendable (DeserializeEvent) -> Void = { _ in }) {
        self.target = target
        self.options = options
        self.events = events
    }

    public func run(from path: String) async throws -> DeserializeSummary {
        // Receipts are refused (wrong kind, newer, changed) before a byte of the stream is read.
        let lenders = try MountSources(receipts: options.existingReceipts)
        let started = Date()
        // A dry run writes nothing that outlives it: its manifests wait in a scratch directory.
        let spool = try options.dryRun ? ManifestSpool.scratch()
                                       : ManifestSpool(directory: options.manifestCache ?? ManifestSpool.standardDirectory())
        defer { if options.dryRun { spool.removeAll() } }
        // Opening a tape and libarchive's first read block: off the cooperative pool.
        let blockSize = options.blockSize
        let waitForVolume = options.waitForVolume
        let input = try await runOnThread { try InputDevice.openStream(path, blockSize: blockSize, waitForVolume: waitForVolume) }
        defer { input.close() }
        let reader = try await runOnThread { StreamReader(try TarReader(input: input)) }
        var state = ReadState()
        var summary = DeserializeSummary()
        try await readEntries(reader, input: input, spool: spool, state: &state, summary: &summary)
        if state.streamFailure == nil { try state.indexes.check() }
        guard let index = state.indexes.final else {
            throw DeserializeError.noIndex(state.streamFailure ?? "the stream has no index.json")
        }
        guard !index.manifests.isEmpty else { throw DeserializeError.noIndex("index.json lists no manifests: there is nothing to tag") }
        let pusher = ManifestPusher(target: target, spool: spool, written: state.written, dryRun: options.dryRun,
                                    lenders: lenders, events: events)
        // The root is tagged only once the whole stream was read and found sound: a damaged blob
        // whose good copy an earlier run left in the spool still fails the run, untagged.
        let sound = state.streamFailure == nil && state.corrupt.isEmpty
        let outcome = try await pusher.push(index: index, rootTag: sound ? target.tag : nil)
        summary.manifestsPushed = outcome.pushed
        summary.manifestsExisting = outcome.existing
        summary.root = outcome.root?.description
        if options.dryRun, let root = outcome.root { summary.rootManifest = spool.bytes(root) }
        summary.seconds = Date().timeIntervalSince(started)
        var shortfall = DeserializeShortfall()
        shortfall.missing = outcome.missing
        shortfall.corrupt = state.corrupt
        shortfall.invalid = outcome.invalid
        let streamComplete = shortfall.missing.isEmpty && shortfall.corrupt.isEmpty && shortfall.invalid.isEmpty
            && state.streamFailure == nil
        if streamComplete, let first = outcome.refused.first {
            // Only the target's refusals (and the manifests above them) are missing.
            throw DeserializeError.refused(count: outcome.refused.count, first: first)
        }
        if !streamComplete || outcome.held > 0 {
            shortfall.notPushed = outcome.held + outcome.refused.count
            shortfall.cause = state.streamFailure ?? outcome.refused.first.map { "refused by the target: \($0)" }
            throw DeserializeError.incomplete(shortfall)
        }
        if let path = options.receipt, !options.dryRun {
            try await TargetReceipt.write(to: path, index: index, target: target, name: options.targetName)
        }
        return summary
    }

    /// Reads every entry, storing blobs as they come, and returns once every upload finished.
    /// On a failure the uploads still running are cancelled and waited for, and the blob spool
    /// removed, before the error goes on: nothing runs on, or stays on disk, behind it.
    private func readEntries(_ reader: StreamReader, input: any StreamInput, spool: ManifestSpool,
                             state: inout ReadState, summary: inout DeserializeSummary) async throws {
        let blobs = try blobSpool()
        defer { blobs?.removeAll() }
        let uploads = UploadQueue(limit: Self.parallelUploads, byteLimit: blobs?.budget ?? 0)
        do {
            do {
                while let entry = try await runOnThread({ try reader.tar.next() }) {
                    try await take(entry, from: reader, spool: spool, blobs: blobs, uploads: uploads, state: &state, summary: &summary)
                    record(uploads.completed(), state: &state, summary: &summary)
                }
                // The writer pads its last block past the end-of-archive marker: read it, so a
                // `serialize - | deserialize -` writer never meets EPIPE on its final block.
                _ = try? await runOnThread { input.discardRest(limit: 1 << 30, idle: 2) }
            } catch let error as TarStreamError {
                state.streamFailure = error.description  // what was read in full is still used
            }
            record(try await uploads.drain(), state: &state, summary: &summary)
        } catch {
            await uploads.cancelAndWait()
            throw error
        }
    }

    /// What reading the entries has found so far.
    struct ReadState {
        var indexes = StreamIndexes()
        /// Blobs stored (or, in a dry run, verified), with the bytes the stream carried for each.
        var written: [Digest: Int64] = [:]
        var corrupt = NamedList()
        var streamFailure: String?
        var order = StrictEntryOrder()
    }

    /// Blobs uploaded at once while the stream is read.
    static let parallelUploads = 6

    /// Where large blobs wait for an upload slot; none for a layout target (a local disk
    /// already) or a zero budget.
    private func blobSpool() throws -> BlobSpool? {
        guard !(target is LayoutContent), !options.dryRun, options.spoolBytes > 0 else { return nil }
        let directory = options.spoolDirectory ?? BlobSpool.standardDirectory()
        let budget = BlobSpool.budget(wanted: options.spoolBytes, at: directory)
        return budget > Self.manifestLimit ? try BlobSpool(parent: directory, budget: budget) : nil
    }

    private func record(_ done: [UploadQueue.Done], state: inout ReadState, summary: inout DeserializeSummary) {
        for upload in done {
            state.written[upload.digest] = upload.size
            if upload.existed { summary.blobsExisting += 1 } else { summary.blobsPushed += 1; summary.bytesPushed = summary.bytesPushed.addingSaturated(upload.size) }
            events(.blob(digest: upload.digest.description, size: upload.size, existed: upload.existed))
        }
    }

    private func take(_ entry: TarEntry, from reader: StreamReader, spool: ManifestSpool, blobs: BlobSpool?,
                      uploads: UploadQueue, state: inout ReadState, summary: inout DeserializeSummary) async throws {
        if options.strict { try state.order.admit(entry) }
        switch (entry.kind, entry.path) {
        case (.directory, _) where entry.path == "blobs" || entry.path.hasPrefix("blobs/"):
            return
        case (.file, "oci-layout"):
            let data = try await runOnThread { try Self.readAll(reader, size: entry.size, path: entry.path) }
            guard StreamScanner.isLayoutMarker(data) else {
                throw DeserializeError.badEntry(entry.path, reason: "not {\"imageLayoutVersion\":\"1.0.0\"}")
            }
        case (.file, "manifest.json"):
            return
        case (.file, "index.json"):
            let data = try await runOnThread { try Self.readAll(reader, size: entry.size, path: entry.path) }
            try state.indexes.add(data)
        case (.file, _) where entry.path.hasPrefix("blobs/"):
            guard let digest = ScannedEntry.blobDigest(ofPath: entry.path) else {
                if options.strict { throw DeserializeError.badEntry(entry.path, reason: "not blobs/<algorithm>/<hex>") }
                return
            }
            let descriptor = Descriptor(mediaType: "application/octet-stream", digest: digest, size: entry.size)
            do {
                let outcome = try await store(descriptor, from: reader, spool: spool, blobs: blobs, uploads: uploads)
                if outcome == .stored || outcome == .existed { state.written[digest] = entry.size }
                switch outcome {
                case .existed: summary.blobsExisting += 1
                case .stored, .spooled: summary.blobsPushed += 1; summary.bytesPushed = summary.bytesPushed.addingSaturated(entry.size)
                case .queued: return  // counted when its upload finishes
                }
                events(.blob(digest: digest.description, size: entry.size, existed: outcome == .existed))
            } catch let error as StoreError {
                // A blob that does not verify is not stored; the stream goes on. Anything else
                // (a full disk, a registry error) is not the stream's fault and stops the run.
                switch error {
                case .digestMismatch, .sizeMismatch: state.corrupt.append(digest.description)
                default: throw error
                }
            }
        default:
            if options.strict { throw DeserializeError.unexpectedEntry(entry.path) }
        }
    }

    /// What became of a blob entry.
    enum StoreOutcome { case stored, existed, spooled, queued }

    /// Verifies and stores one blob entry (a manifest goes to the spool instead).
    private func store(_ descriptor: Descriptor, from reader: StreamReader, spool: ManifestSpool, blobs: BlobSpool?,
                       uploads: UploadQueue) async throws -> StoreOutcome {
        let events = self.events
        if descriptor.size <= Self.manifestLimit {
            let data = try await runOnThread { try Self.readAll(reader, size: descriptor.size, path: descriptor.digest.description) }
            let actual = DigestHasher.digest(of: data, algorithm: descriptor.digest.algorithm)
            guard actual == descriptor.digest else { throw StoreError.digestMismatch(expected: descriptor.digest, actual: actual) }
            events(.bytes(descriptor.size))
            if Self.isManifest(data) {
                // Pushed as a manifest at the end, once complete; never stored as a blob.
                // Not asked of the target: registries never hold manifests as blobs, so the
                // question would cost a round trip per manifest for a certain "no".
                try spool.keep(data, digest: descriptor.digest)
                return .spooled
            }
            if options.dryRun { return .stored }
            let target = self.target
            try await uploads.submit {
                // putBlob asks the target first (HEAD) and reports whether the blob was there.
                let outcome = try await target.putBlob(descriptor, mountFrom: nil) { _ in DataSource(data) }
                return UploadQueue.Done(digest: descriptor.digest, size: descriptor.size, existed: outcome == .existed)
            }
            return .queued
        }
        let present = options.dryRun ? false : try await target.hasBlob(descriptor)
        if options.dryRun || present {
            // Still verified: a dry run promises every digest was checked.
            try await runOnThread { try Self.drain(VerifyingSource(reader.tar.entrySource(), expected: descriptor)) }
            events(.bytes(descriptor.size))
            return options.dryRun ? .stored : .existed
        }
        if let blobs, uploads.fits(descriptor.size) {
            try await uploads.makeRoom(for: descriptor.size)
            let file = try await runOnThread { try blobs.write(descriptor, from: reader.tar.entrySource()) }
            events(.bytes(descriptor.size))
            let target = self.target
            try await uploads.submit(holding: descriptor.size) {
                defer { blobs.remove(file) }
                let outcome = try await target.putBlob(descriptor, mountFrom: nil) { offset in try FileSource(path: file, offset: offset) }
                return UploadQueue.Done(digest: descriptor.digest, size: descriptor.size, existed: outcome == .existed)
            }
            return .queued
        }
        let opened = OnceFlag()
        let check = VerifyingSource(reader.tar.entrySource(), expected: descriptor)
        do {
            _ = try await target.putBlob(descriptor, mountFrom: nil) { offset in
                // A stream cannot be rewound: a failed upload is not retried from here.
                guard offset == 0, opened.claim() else { throw DeserializeError.badEntry(descriptor.digest.description, reason: "upload failed mid-blob; run deserialize again") }
                return CountingSource(check) { events(.bytes($0)) }
            }
        } catch {
            // An uploader reads exactly `size` bytes and never asks for the end, so a corrupt blob
            // surfaced as the registry's DIGEST_INVALID and aborted the whole run.
            if let mismatch = check.mismatch { throw mismatch }
            throw error
        }
        return .stored
    }

    /// JSON shaped like an image manifest or index (configs and other small blobs are not).
    static func isManifest(_ data: Data) -> Bool {
        guard data.first == UInt8(ascii: "{") else { return false }
        return (try? ParsedManifest(bytes: data)) != nil
    }

    static func readAll(_ reader: StreamReader, size: Int64, path: String) throws -> Data {
        guard size <= manifestLimit else { throw DeserializeError.badEntry(path, reason: "\(size) bytes is too large for this entry") }
        let sink = DataSink(limit: Int(manifestLimit))
        try reader.tar.entrySource().copy(into: sink)
        return sink.data
    }

    static func drain(_ source: any ByteSource) throws {
        try source.copy(into: DiscardSink())
    }
}

/// The tar reader, handed between threads: only one of them uses it at a time (the read loop
/// waits for each step), which is what makes the unchecked conformance sound.
// Invariant: one thread at a time uses `tar`, and each hand-over is ordered by an await.
final class StreamReader: @unchecked Sendable {
    let tar: TarReader
    init(_ tar: TarReader) { self.tar = tar }
}

/// True for the first caller only.
final class OnceFlag: Sendable {
    private let claimed = Atomic(false)

    func claim() -> Bool {
        claimed.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
    }
}
