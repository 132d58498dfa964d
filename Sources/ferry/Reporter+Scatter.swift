import Foundation
import OCI
import Scatter

extension Reporter {
    func scatterEvent(_ event: ScatterEvent) {
        switch event {
        case .copy(let copy):
            self.event(copy)
        case .placed(let source, let destination, let digest):
            imageDone()
            locked { emit(["event": "placed", "source": source, "destination": destination, "digest": digest.description]) }
        case .failure(let failure):
            locked { emit(["event": "failure", "source": failure.source, "destination": failure.destination ?? "", "message": failure.message]) }
            if !json { warn("\(failure)") }
        case .signaturesVerified(let count):
            signaturesVerified(count)
        }
    }

    /// Sources without destination: a warning each (the plan already failed if `--strict`); and
    /// clone's sources left out for their platform.
    func unmapped(_ sources: [String], leftOut: [String]) {
        for source in sources {
            locked { emit(["event": "unmapped", "source": source]) }
            if !json { warn("\(source): no destination (no mapping rule matches it, or the template printed none)") }
        }
        for line in leftOut {
            locked { emit(["event": "warning", "message": line]) }
            if !json { warn(line) }
        }
    }

    /// `--dry-run`: one line per destination, both references written out in full.
    func mapping(_ plan: ScatterPlan) {
        unmapped(plan.unmapped, leftOut: plan.leftOut)
        for failure in plan.failures { scatterEvent(.failure(failure)) }
        for placement in plan.placements {
            let source = Self.full(placement.source)
            let destination = placement.destination.reference.description
            if json {
                emit(["event": "map", "source": placement.source, "sourceReference": source, "destination": destination,
                      "rule": placement.destination.rule, "digests": placement.images.map(\.subject.digest.description)])
            } else {
                say("\(source) -> \(destination)")
            }
        }
    }

    /// `--compare`: how every destination compares; returns whether all are up to date.
    func checked(_ checks: [PlacementCheck], plan: ScatterPlan) -> Bool {
        unmapped(plan.unmapped, leftOut: plan.leftOut)
        for failure in plan.failures { scatterEvent(.failure(failure)) }
        for check in checks {
            let state: String
            switch check.state {
            case .upToDate: state = "up-to-date"
            case .missing: state = "missing"
            case .differs(let current): state = "differs (has \(current))"
            }
            if json {
                var object: [String: Any] = ["event": "check", "source": check.source, "destination": check.destination.description,
                                             "expected": check.expected.description, "state": state.split(separator: " ")[0]]
                if case .differs(let current) = check.state { object["current"] = current.description }
                emit(object)
            } else {
                say("\(Self.full(check.source)) -> \(check.destination)  \(state)")
            }
        }
        let stale = checks.filter { $0.state != .upToDate }.count
        if json {
            emit(["event": "check-done", "destinations": checks.count, "stale": stale])
        } else if !quiet {
            say("check: \(checks.count) destination(s), \(checks.count - stale) up to date, \(stale) to update")
        }
        return stale == 0
    }

    func scattered(_ result: ScatterSummary, verb: String) {
        unmapped(result.unmapped, leftOut: result.leftOut)
        let copy = result.copy
        if json {
            emit(["event": "done", "images": result.images, "destinations": result.placed, "failed": result.failures.count,
                  "unmapped": result.unmapped.count, "manifests": copy.manifests, "manifestsExisting": copy.manifestsExisting,
                  "blobsUploaded": copy.blobsUploaded, "blobsMounted": copy.blobsMounted, "blobsExisting": copy.blobsExisting,
                  "bytesUploaded": copy.bytesUploaded, "bytesSkipped": copy.bytesSkipped, "seconds": result.seconds])
            return
        }
        finishLine()
        guard !quiet else { return }
        say("\(verb) \(result.images) image(s) to \(result.placed) destination(s)")
        say("  manifests \(copy.manifests) (\(copy.manifestsExisting) already present)")
        say("  blobs     \(copy.blobsUploaded) uploaded, \(copy.blobsMounted) mounted, \(copy.blobsExisting) already present")
        say("  bytes     \(Self.format(copy.bytesUploaded)) moved, \(Self.format(copy.bytesSkipped)) skipped")
        say("  time      \(String(format: "%.2f", result.seconds)) s")
        if !result.failures.isEmpty {
            say("  FAILED    \(result.failures.count):")
            for failure in result.failures { say("    \(failure)") }
        }
    }

    /// A source as written, spelled out in full when it parses (`busybox` → `docker.io/library/busybox:latest`).
    private static func full(_ source: String) -> String {
        (try? Reference(parsing: source).description) ?? source
    }
}
