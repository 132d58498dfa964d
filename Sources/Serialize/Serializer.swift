import Foundation
import OCI
import Registry
import Store
import Inspect
import TarStream
import Transfer

/// Writes a gather result (or any image) as one tape-safe tar stream: planned first, then written
/// entry by entry in fixed-size blocks, with a checkpoint line per durably written blob.
public final class Serializer: Sendable {
    private let source: any ContentSource
    private let reference: String
    private let existing: [any ContentSource]
    private let options: SerializeOptions
    private let events: @Sendable (SerializeEvent) -> Void

    /// `reference` names the root in index.json (`org.opencontainers.image.ref.name`); `existing`
    /// are images the far side has, whose blobs (not manifests) are left out.
    public init(source: any ContentSource, reference: String, existing: [any ContentSource] = [],
                options: SerializeOptions, events: @escaping @Sendable (SerializeEvent) -> Void = { _ in }) {
        self.source = source
        self.reference = reference
        self.existing = existing
        self.options = options
        self.events = events
    }

    public func run(to destination: String) async throws -> SerializeSummary {
        let started = Date()
        try validate(destination)
        let root = try await source.root()
        var rootDescriptor = root.descriptor
        rootDescriptor.annotations = [AnnotationKey.refName: reference]
        let receipts = try FarSideReceipts(paths: options.existingReceipts)
        for warning in receipts.unrelated(to: root) { events(.warning(warning)) }
        let plan = try await StreamPlanner.plan(source: source, root: rootDescriptor, skip: try await farSideDigests().union(receipts.blobDigests),
                                                referrers: options.referrers)
        // The manifests kept from the walk go when the run ends, however it ends.
        defer { plan.manifestBytes.remove() }
        events(.planned(plan))
        let resume = try resumePoint(plan: plan, destination: destination)
        let manifestJSON = options.manifestJSON ? try await ManifestJSON.build(plan.manifests, source: source) : nil
        let recorder = options.receipt.map { _ in StreamRecorder(compression: options.compression, blockSize: options.blockSize) }
        let writer = StreamWriter(source: source, plan: plan, options: options, resume: resume,
                                  deduplicatedSize: root.annotations?[AnnotationKey.layerSizeDeduplicated] ?? "0",
                                  manifestJSON: manifestJSON, recorder: recorder, events: events)
        let streamBytes = try await writer.write(to: destination)
        if let path = options.receipt, let recorder {
            try ReceiptFile.write(StreamReceipt.make(plan: plan, root: root, name: reference, recorder: recorder,
                                                     tool: options.toolVersion), to: path)
        }
        let kept = plan.entries.prefix(resume?.records.count ?? 0)
        return SerializeSummary(blobs: plan.entries.count, blobBytes: plan.blobBytes, skippedBlobs: plan.skippedBlobs,
                                skippedBytes: plan.skippedBytes, streamBytes: streamBytes, resumedAt: resume?.offset,
                                keptBlobs: kept.count, keptBlobBytes: kept.lazy.map(\.descriptor).totalSize,
                                seconds: Date().timeIntervalSince(started))
    }

    private func validate(_ destination: String) throws {
        if let checkpoint = options.checkpoint, options.existingCheckpoints.contains(where: { $0.path == checkpoint }) {
            // The new checkpoint is truncated at the start: the earlier medium's record would be lost.
            throw SerializeError.checkpointIsExisting(checkpoint)
        }
        if options.receipt == "-" && destination == "-" { throw SerializeError.receiptOnStandardOutput }
        if options.receipt != nil && options.resume { throw SerializeError.receiptWhenResuming }
        if options.resume {
            guard options.checkpoint != nil else { throw SerializeError.resumeWithoutCheckpoint }
            guard destination != "-" else { throw SerializeError.resumeToStandardOutput }
        }
        guard options.blockSize > 0, options.blockSize % 512 == 0 else {
            throw SerializeError.badBlockSize(options.blockSize)
        }
        guard (1...100).contains(options.highWaterMark) else {
            throw SerializeError.badHighWaterMark(options.highWaterMark)
        }
        if let split = options.split {
            guard split >= options.blockSize, split % Int64(options.blockSize) == 0 else {
                throw SerializeError.badSplitSize(split, blockSize: options.blockSize)
            }
            guard destination != "-", (try? FileManager.default.attributesOfItem(atPath: destination)[.type] as? FileAttributeType)
                .map({ $0 == .typeRegular }) ?? true else { throw SerializeError.splitNeedsFiles(destination) }
        }
    }

    /// Blobs the far side has: those of EXISTING-IMAGE arguments and those safely below the
    /// offsets of earlier streams' checkpoints.
    private func farSideDigests() async throws -> Set<Digest> {
        var digests: Set<Digest> = []
        for image in existing {
            let walked = try await GraphPlanner.walk(try await image.root(), from: image, referrers: false)
            digests.formUnion(walked.blobs.descriptors.map(\.digest))
        }
        for checkpoint in options.existingCheckpoints where checkpoint.offset > 0 {
            let records = try CheckpointLedger.load(checkpoint.path)
            digests.formUnion(CheckpointLedger.safe(records, below: checkpoint.offset).map(\.descriptor.digest))
        }
        return digests
    }

    /// With `--resume`: where the interrupted file is cut back to (the end of its last checkpointed
    /// entry), after checking the checkpoint describes this very stream.
    private func resumePoint(plan: StreamPlan, destination: String) throws -> ResumePoint? {
        guard options.resume, let checkpoint = options.checkpoint else { return nil }
        guard let data = FileManager.default.contents(atPath: checkpoint) else {
            return ResumePoint(offset: 0, ledgerBytes: 0, records: [])  // nothing was checkpointed: start over
        }
        let records = try CheckpointLedger.parse(data, file: checkpoint)
        guard records.count <= plan.entries.count else {
            throw SerializeError.resumeMismatch("it lists \(records.count) entries, this stream has \(plan.entries.count)")
        }
        for (index, record) in records.enumerated() where record.descriptor.digest != plan.entries[index].descriptor.digest {
            throw SerializeError.resumeMismatch("entry \(index + 1) is \(record.descriptor.digest) there, \(plan.entries[index].descriptor.digest) here")
        }
        let offset = records.last?.offset ?? 0
        let size = options.split != nil ? VolumeNames(base: destination).existingSizes().reduce(0, +)
            : (try? FileManager.default.attributesOfItem(atPath: destination)[.size] as? NSNumber)?.int64Value ?? -1
        guard offset == 0 || size >= offset else {
            throw SerializeError.cannotResume("\(destination) holds \(max(size, 0)) bytes but the checkpoint says \(offset) were written")
        }
        let kept = data.lastIndex(of: UInt8(ascii: "\n")).map { $0 - data.startIndex + 1 } ?? 0
        return ResumePoint(offset: offset, ledgerBytes: kept, records: records)
    }
}

/// Where a resumed run continues: stream bytes kept in the file, bytes of valid checkpoint lines,
/// and those lines (the regenerated entries must end exactly where they say).
struct ResumePoint: Sendable {
    var offset: Int64
    var ledgerBytes: Int
    var records: [CheckpointLedger.Record]
}
