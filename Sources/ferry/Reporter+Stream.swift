import Deserialize
import Foundation
import OCI
import Serialize

extension Reporter {
    func serializeEvent(_ update: SerializeEvent) {
        switch update {
        case .planned(let plan):
            expect(bytes: plan.blobBytes)
            locked {
                emit(["event": "plan", "blobs": plan.entries.count, "bytes": plan.blobBytes, "manifests": plan.manifests.count,
                      "skippedBlobs": plan.skippedBlobs, "skippedBytes": plan.skippedBytes])
            }
        case .entry(let descriptor):
            event(.blob(descriptor, .uploaded))
        case .bytes(let n):
            event(.bytes(n))
        case .warning(let text):
            warn(text)
        }
    }

    func serialized(_ summary: SerializeSummary, image: String, destination: String) {
        finishLine()
        if json {
            locked {
                emit(["event": "done", "image": image, "destination": destination, "blobs": summary.blobs,
                      "blobBytes": summary.blobBytes, "skippedBlobs": summary.skippedBlobs, "skippedBytes": summary.skippedBytes,
                      "streamBytes": summary.streamBytes, "resumedAt": summary.resumedAt ?? 0, "keptBlobs": summary.keptBlobs,
                      "keptBlobBytes": summary.keptBlobBytes, "seconds": summary.seconds])
            }
        } else if !quiet {
            let rate = summary.seconds > 0 ? Int64(Double(summary.streamBytes - (summary.resumedAt ?? 0)) / summary.seconds) : 0
            say("serialized \(image) -> \(destination)")
            let written = summary.blobBytes.addingSaturated(-summary.keptBlobBytes)
            say("  blobs     \(summary.blobs - summary.keptBlobs) written (\(Self.format(written))), \(summary.skippedBlobs) left out as present on the far side")
            if let offset = summary.resumedAt {
                say("  resumed   at byte \(offset): \(summary.keptBlobs) blobs (\(Self.format(summary.keptBlobBytes))) kept from the interrupted run")
                say("  stream    \(Self.format(summary.streamBytes)), \(Self.format(summary.streamBytes - offset)) written in this run, \(String(format: "%.2f", summary.seconds)) s, \(Self.format(rate))/s")
            } else {
                say("  stream    \(Self.format(summary.streamBytes)), \(String(format: "%.2f", summary.seconds)) s, \(Self.format(rate))/s")
            }
        }
    }

    func deserializeEvent(_ update: DeserializeEvent) {
        switch update {
        case .blob(let digest, let size, let existed):
            locked { emit(["event": "blob", "digest": digest, "size": size, "existed": existed]) }
        case .manifest(let digest, let tag):
            locked { emit(["event": "manifest", "digest": digest, "tag": tag ?? ""]) }
        case .bytes(let n):
            event(.bytes(n))
        }
    }

    func deserialized(_ summary: DeserializeSummary, source: String, image: String, dryRun: Bool) {
        finishLine()
        if json {
            locked {
                emit(["event": "done", "source": source, "image": image, "dryRun": dryRun, "root": summary.root ?? "",
                      "blobsPushed": summary.blobsPushed, "blobsExisting": summary.blobsExisting, "bytesPushed": summary.bytesPushed,
                      "manifestsPushed": summary.manifestsPushed, "manifestsExisting": summary.manifestsExisting,
                      "seconds": summary.seconds])
            }
        } else if !quiet {
            // A dry run stores nothing: its counts are what a real run would store.
            let (stored, pushed) = dryRun ? ("would be stored", "would be pushed") : ("stored", "pushed")
            say("\(dryRun ? "verified (dry run, nothing written)" : "deserialized") \(source) -> \(image)")
            say("  root      \(summary.root ?? "-")")
            say("  blobs     \(summary.blobsPushed) \(stored) (\(Self.format(summary.bytesPushed))), \(summary.blobsExisting) already present")
            say("  manifests \(summary.manifestsPushed) \(pushed), \(summary.manifestsExisting) already present, \(String(format: "%.2f", summary.seconds)) s")
        }
    }
}
