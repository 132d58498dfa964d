import Foundation

/// The counters of a run and, once the plan knows them, its totals: what a progress line shows.
/// On a terminal it is redrawn in place; elsewhere (CI, cron logs) a plain line is printed every
/// `plainInterval` seconds, so a long transfer is never silent.
struct ProgressLine {
    static let plainInterval: TimeInterval = 10

    var stage: String
    var bytes: Int64 = 0
    var blobs = 0
    var manifests = 0
    var images = 0
    /// Known once the run is planned; nil before (the line then shows counts and rate only).
    var totalBytes: Int64?
    var totalImages: Int?
    let started: Date

    init(stage: String, started: Date = Date()) {
        self.stage = stage
        self.started = started
    }

    /// One line, e.g. `serialize: 3/8 images, 120.0 MiB / 400.0 MiB (30%), 45.2 MiB/s, ETA 0:06`.
    func render(now: Date) -> String {
        let elapsed = max(0.001, now.timeIntervalSince(started))
        let rate = Double(bytes) / elapsed
        var parts: [String] = []
        if let totalImages { parts.append("\(images)/\(totalImages) images") } else if images > 0 { parts.append("\(images) images") }
        parts.append(manifests > 0 ? "\(manifests) manifests, \(blobs) blobs" : "\(blobs) blobs")
        if let totalBytes, totalBytes > 0 {
            let done = min(bytes, totalBytes)
            let percent = Int(Double(done) * 100 / Double(totalBytes))
            var text = "\(Reporter.format(done)) / \(Reporter.format(totalBytes)) (\(percent)%), \(Reporter.format(Int64(rate)))/s"
            if rate > 0, done < totalBytes { text += ", ETA \(Self.clock(Double(totalBytes - done) / rate))" }
            parts.append(text)
        } else {
            var text = "\(Reporter.format(bytes)) at \(Reporter.format(Int64(rate)))/s"
            // Images alone give the percent and ETA when the bytes to come are not known.
            if let totalImages, totalImages > 0 {
                let done = min(images, totalImages)
                text += " (\(done * 100 / totalImages)%)"
                if done > 0, done < totalImages { text += ", ETA \(Self.clock(elapsed / Double(done) * Double(totalImages - done)))" }
            }
            parts.append(text)
        }
        return "\(stage): " + parts.joined(separator: ", ")
    }

    /// `m:ss`, or `h:mm:ss` past an hour.
    static func clock(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds < 360_000 else { return "--:--" }
        let total = Int(seconds.rounded(.up))
        let (hours, minutes, secs) = (total / 3600, total / 60 % 60, total % 60)
        return hours > 0 ? String(format: "%d:%02d:%02d", hours, minutes, secs) : String(format: "%d:%02d", minutes, secs)
    }
}
