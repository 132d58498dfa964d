import Foundation
import Gather
import OCI

extension Reporter {
    func gatherEvent(_ event: GatherEvent) {
        switch event {
        case .copy(let copy):
            self.event(copy)
        case .resolved(let images):
            expect(images: images)
        case .image(let source, let digest):
            imageDone()
            locked { emit(["event": "image", "source": source, "digest": digest.description]) }
        case .failure(let failure):
            locked { emit(["event": "failure", "source": failure.reference, "line": failure.line, "message": failure.message]) }
            if !json { warn("\(failure)") }
        case .warning(let text):
            locked { emit(["event": "warning", "message": text]) }
            if !json { warn(text) }
        case .signaturesVerified(let count):
            signaturesVerified(count)
        }
    }

    func gathered(_ result: GatherSummary, destination: String) {
        let copy = result.copy
        if json {
            emit(["event": "done", "destination": destination, "digest": result.index.digest.description,
                  "images": result.images, "failed": result.failures.count, "manifests": copy.manifests,
                  "manifestsExisting": copy.manifestsExisting,
                  "blobsUploaded": copy.blobsUploaded, "blobsMounted": copy.blobsMounted, "blobsExisting": copy.blobsExisting,
                  "bytesUploaded": copy.bytesUploaded, "bytesSkipped": copy.bytesSkipped,
                  "sizeTotal": result.totalSize, "sizeDeduplicated": result.deduplicatedSize, "seconds": result.seconds])
            return
        }
        finishLine()
        guard !quiet else { return }
        say("gathered \(result.images) image(s) into \(destination)")
        say("  index     \(result.index.digest)")
        say("  manifests \(copy.manifests) (\(copy.manifestsExisting) already present)")
        say("  blobs     \(copy.blobsUploaded) uploaded, \(copy.blobsMounted) mounted, \(copy.blobsExisting) already present")
        say("  bytes     \(Self.format(copy.bytesUploaded)) moved, \(Self.format(copy.bytesSkipped)) skipped; "
              + "set \(Self.format(result.deduplicatedSize)) deduplicated (\(Self.format(result.totalSize)) counting repeats)")
        say("  time      \(String(format: "%.2f", result.seconds)) s")
        if !result.failures.isEmpty {
            say("  FAILED    \(result.failures.count) source(s):")
            for failure in result.failures { say("    \(failure)") }
        }
    }

    func plan(_ plan: GatherPlan) {
        if json {
            for image in plan.images {
                emit(["event": "plan-image", "source": image.source, "line": image.line, "digest": image.descriptor.digest.description,
                      "mediaType": image.descriptor.mediaType, "blobs": image.blobs, "bytes": image.bytes])
            }
            for failure in plan.failures {
                emit(["event": "failure", "source": failure.reference, "line": failure.line, "message": failure.message])
            }
            emit(["event": "plan", "images": plan.images.count, "blobs": plan.blobs, "sizeTotal": plan.totalSize,
                  "sizeDeduplicated": plan.deduplicatedSize, "blobsPresent": plan.blobsPresent, "bytesPresent": plan.bytesPresent,
                  "blobsMountable": plan.blobsMountable, "bytesMountable": plan.bytesMountable, "bytesToTransfer": plan.bytesToTransfer])
            return
        }
        for image in plan.images {
            say("\(image.source)  \(image.descriptor.digest)  \(image.blobs) blobs  \(Self.format(image.bytes))")
        }
        for failure in plan.failures { say("FAILED \(failure)") }
        say("plan: \(plan.images.count) image(s), \(plan.blobs) unique blobs, \(Self.format(plan.deduplicatedSize)) deduplicated "
              + "(\(Self.format(plan.totalSize)) counting repeats); already at destination: \(plan.blobsPresent) blobs, "
              + "\(Self.format(plan.bytesPresent)); mounted within the destination registry: \(plan.blobsMountable) blobs, "
              + "\(Self.format(plan.bytesMountable)); to transfer: \(Self.format(plan.bytesToTransfer))")
    }
}
