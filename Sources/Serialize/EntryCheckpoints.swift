import Foundation
import OCI
import TarStream

/// Turns completed blob entries into checkpoint lines and, on a resumed run, checks the
/// regenerated entries against the lines kept from the interrupted one.
///
/// A plain stream's line records where its entry ends. A compressed stream with a checkpoint is
/// written as a series of frames (gzip members, zstd frames; their concatenation is one valid
/// stream): a line records the end of the frame holding its entry, a byte offset in the
/// compressed file where a new frame starts and every entry before it is complete. A frame ends
/// after the entry that brings it to `frameBytes` tar bytes and after the last blob, so small
/// entries share a frame (and its compression context) and several lines then share an offset.
/// The frame ends depend only on the entries, so a resumed run makes the same frames.
final class EntryCheckpoints {
    /// Tar bytes after which the next entry end also ends the frame.
    static let frameBytes: Int64 = 1 << 20

    private let tar: TarWriter
    private let ledger: CheckpointWriter?
    private let kept: [CheckpointLedger.Record]
    private let keep: Int64
    private let onResume: () -> Void
    private var frameStart: Int64 = 0
    private var frame: [(index: Int, descriptor: Descriptor)] = []
    /// A compressed resume, before the frame where the file was cut ends: nothing is compressed.
    private var regenerating = false
    private var lastKeptOffset: Int64?

    /// `kept` are the lines of the interrupted run and `keep` the offset its file is cut to;
    /// `onResume` runs where a compressed resume starts writing again.
    init(tar: TarWriter, ledger: CheckpointWriter?, kept: [CheckpointLedger.Record], keep: Int64,
         onResume: @escaping () -> Void) {
        self.tar = tar
        self.ledger = ledger
        self.kept = kept
        self.keep = keep
        self.onResume = onResume
    }

    /// Called once the entries before the first blob are written: they get a frame of their own,
    /// the one part of a compressed resume's kept file that is compressed again and compared.
    func leadingEntriesWritten() throws {
        guard tar.isFramed else { return }
        try tar.endFrame()
        frameStart = tar.position
        if !kept.isEmpty {
            regenerating = true
            try tar.suspendOutput()
        }
    }

    /// Whether entry `index` lies in the kept part of a compressed resume (its data is never read).
    func isKept(_ index: Int) -> Bool { tar.isFramed && index < kept.count }

    /// Called after each blob entry; `isLast` for the last blob of the stream.
    func entryCompleted(_ index: Int, _ descriptor: Descriptor, isLast: Bool) throws {
        guard tar.isFramed else { return try record([(index, descriptor)], offset: tar.position) }
        frame.append((index, descriptor))
        guard isLast || tar.position - frameStart >= Self.frameBytes else { return }
        let group = frame
        frame = []
        frameStart = tar.position
        guard regenerating else { return try record(group, offset: try tar.endFrame()) }
        let offsets = Set(group.filter { $0.index < kept.count }.map { kept[$0.index].offset })
        guard offsets.count == 1, let offset = offsets.first, offset != lastKeptOffset else {
            throw SerializeError.resumeMismatch("entries \(group[0].index + 1) to \(index + 1) share a frame here, not in the checkpoint")
        }
        lastKeptOffset = offset
        // The frame holding the last kept line ends where the file was cut: compress from here.
        guard index + 1 >= kept.count else { return }
        regenerating = false
        tar.resumeOutput(at: keep)
        onResume()
        try record(group, offset: keep)
    }

    /// Kept entries must end where their lines say, or the kept part of the file is another
    /// stream; the others get their lines.
    private func record(_ entries: [(index: Int, descriptor: Descriptor)], offset: Int64) throws {
        for (index, descriptor) in entries {
            if index < kept.count {
                guard kept[index].offset == offset else {
                    throw SerializeError.resumeMismatch("entry \(index + 1) ends at byte \(offset) here, \(kept[index].offset) in the checkpoint")
                }
            } else {
                try ledger?.entryCompleted(CheckpointLedger.Record(descriptor: descriptor, offset: offset))
            }
        }
    }
}
