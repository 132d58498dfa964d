import Foundation
import Testing
@testable import ferry

/// The progress line: counts and rate before the plan is known; done/total, percent and ETA after.
@Suite struct ProgressLineTests {
    @Test func showsTotalsPercentAndETAOnceKnown() {
        let start = Date(timeIntervalSince1970: 0)
        var line = ProgressLine(stage: "gather", started: start)
        line.bytes = 10 << 20
        line.blobs = 3
        #expect(line.render(now: start.addingTimeInterval(2)) == "gather: 3 blobs, 10.0 MiB at 5.0 MiB/s")
        line.totalBytes = 40 << 20
        line.totalImages = 8
        line.images = 2
        line.manifests = 2
        #expect(line.render(now: start.addingTimeInterval(2))
                == "gather: 2/8 images, 2 manifests, 3 blobs, 10.0 MiB / 40.0 MiB (25%), 5.0 MiB/s, ETA 0:06")
        line.totalBytes = nil
        #expect(line.render(now: start.addingTimeInterval(2))
                == "gather: 2/8 images, 2 manifests, 3 blobs, 10.0 MiB at 5.0 MiB/s (25%), ETA 0:06")
    }

    @Test func clockFormats() {
        #expect(ProgressLine.clock(5) == "0:05")
        #expect(ProgressLine.clock(3725) == "1:02:05")
        #expect(ProgressLine.clock(.infinity) == "--:--")
    }
}
