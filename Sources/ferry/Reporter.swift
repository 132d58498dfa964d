import Foundation
import OCI
import Store
import TarStream

#if canImport(Glibc)
import Glibc
import Transfer
#endif

/// Prints what a command does: a one-line progress bar on a terminal, JSON lines with `--json`,
/// nothing but errors with `--quiet`. Events arrive from many transfer threads at once.
final class Reporter: @unchecked Sendable {
    let quiet: Bool
    let json: Bool
    /// `--no-term` treats a terminal as a log: plain progress lines, nothing redrawn.
    private let isTerminal = isatty(STDERR_FILENO) != 0 && !ReportSettings.shared.noTerm
    // Invariant: `progress` and `lastDraw` are only touched with `lock` held.
    private let lock = NSLock()
    private var progress: ProgressLine
    private var lastDraw = Date()
    private var plainTimer: DispatchSourceTimer?
    /// Set once a summary or an error is printed: no progress line after it.
    private var finished = false

    /// Standard output carries data (serialize to `-`): summaries and JSON events go to stderr.
    let outputIsData: Bool

    /// `stage` names the command in progress lines (`gather: 3/10 images, …`).
    init(quiet: Bool, json: Bool, outputIsData: Bool = false, stage: String = "ferry") {
        self.quiet = quiet
        self.json = json
        self.outputIsData = outputIsData
        self.progress = ProgressLine(stage: stage)
        if !isTerminal && !quiet && !json { startPlainProgress() }
    }

    deinit { plainTimer?.cancel() }

    /// Not on a terminal: a plain line every `ProgressLine.plainInterval` seconds, also while a
    /// transfer is stalled (a line that stops changing is what a log reader needs to see).
    private func startPlainProgress() {
        let timer = DispatchSource.makeTimerSource(queue: .global(qos: .utility))
        let interval = ProgressLine.plainInterval
        timer.schedule(deadline: .now() + interval, repeating: interval)
        timer.setEventHandler { [weak self] in
            guard let self else { return }
            self.lock.lock(); defer { self.lock.unlock() }
            guard !self.finished else { return }
            Console.err(self.progress.render(now: Date()) + "\n")
        }
        timer.resume()
        plainTimer = timer
    }

    /// The run's totals, once planned: progress then shows done/total, percent and ETA, and the
    /// `--json` stream gets a `totals` event.
    func expect(images: Int? = nil, bytes: Int64? = nil) {
        lock.lock(); defer { lock.unlock() }
        if let images { progress.totalImages = images }
        if let bytes { progress.totalBytes = bytes }
        var event: [String: Any] = ["event": "totals"]
        if let images { event["images"] = images }
        if let bytes { event["bytes"] = bytes }
        emit(event)
    }

    /// A summary line: standard output, or standard error when standard output carries data.
    func say(_ text: String) {
        if outputIsData { Console.err(text + "\n") } else { Console.out(text + "\n") }
    }

    func event(_ event: CopyEvent) {
        lock.lock(); defer { lock.unlock() }
        switch event {
        case .bytes(let n):
            progress.bytes = progress.bytes.addingSaturated(n)
        case .blob(let descriptor, let outcome):
            progress.blobs += 1
            emit(["event": "blob", "digest": descriptor.digest.description, "size": descriptor.size,
                  "outcome": "\(outcome)", "mediaType": descriptor.mediaType])
        case .manifest(let descriptor, let existed):
            progress.manifests += 1
            emit(["event": "manifest", "digest": descriptor.digest.description, "size": descriptor.size,
                  "mediaType": descriptor.mediaType, "existed": existed])
        }
        draw(force: false)
    }

    func finish(_ summary: CopySummary, source: String, destination: String) {
        lock.lock(); defer { lock.unlock() }
        clearLine()
        let rate = summary.seconds > 0 ? Double(summary.bytesUploaded) / summary.seconds : 0
        if json {
            emit(["event": "done", "source": source, "destination": destination,
                  "digest": summary.root?.digest.description ?? "", "manifests": summary.manifests,
                  "manifestsExisting": summary.manifestsExisting,
                  "blobsUploaded": summary.blobsUploaded, "blobsMounted": summary.blobsMounted,
                  "blobsExisting": summary.blobsExisting, "bytesUploaded": summary.bytesUploaded,
                  "bytesSkipped": summary.bytesSkipped, "seconds": summary.seconds])
        } else if !quiet {
            say("copied \(source) -> \(destination)")
            say("  digest    \(summary.root?.digest.description ?? "-")")
            say("  manifests \(summary.manifests) (\(summary.manifestsExisting) already present)")
            say("  blobs     \(summary.blobsUploaded) uploaded, \(summary.blobsMounted) mounted, \(summary.blobsExisting) already present")
            say("  bytes     \(Self.format(summary.bytesUploaded)) moved, \(Self.format(summary.bytesSkipped)) skipped, "
                  + "\(String(format: "%.2f", summary.seconds)) s, \(Self.format(Int64(rate)))/s")
        }
    }

    func fail(_ error: any Error) {
        lock.lock(); defer { lock.unlock() }
        clearLine()
        // After an interrupt (or a closed standard output) the error is only the cancellation's
        // echo: the run ends with the one message `InterruptibleRun` prints.
        let message = CommandLineMessage.text(error)
        if json { emit(["event": "error", "message": message]) }
        Console.err("ferry: error: \(message)\n")
    }

    func emit(_ object: [String: Any]) {
        let settings = ReportSettings.shared
        guard json || settings.wantsEvents,
              let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else { return }
        let line = String(decoding: data, as: UTF8.self)
        if json { say(line) }
        settings.record(line)
    }

    /// Runs `body` with the output lock held: events arrive from many transfer threads.
    func locked(_ body: () -> Void) {
        lock.lock(); defer { lock.unlock() }
        body()
    }

    /// One more image fully gathered (shown in the progress line).
    func imageDone() {
        lock.lock(); defer { lock.unlock() }
        progress.images += 1
        draw(force: true)
    }

    /// Ends the progress line before a summary is printed.
    func finishLine() {
        lock.lock(); defer { lock.unlock() }
        clearLine()
    }

    /// A warning on standard error, kept apart from the progress line.
    func warn(_ text: String) {
        lock.lock(); defer { lock.unlock() }
        clearLine(finishing: false)
        Console.err("ferry: warning: \(text)\n")
    }

    /// On a terminal: the line redrawn in place, at most ten times a second.
    private func draw(force: Bool) {
        guard isTerminal, !quiet, !json, !finished else { return }
        let now = Date()
        guard force || now.timeIntervalSince(lastDraw) > 0.1 else { return }
        lastDraw = now
        Console.err("\r\u{1B}[K" + progress.render(now: now))
    }

    /// Clears the progress line; `finishing` ends progress output for good (a summary or an
    /// error follows), otherwise it is drawn again after the warning.
    private func clearLine(finishing: Bool = true) {
        if finishing { finished = true }
        guard isTerminal, !quiet, !json else { return }
        Console.err("\r\u{1B}[K")
    }

    /// The size of a regular file (a stream's total for progress; a split stream's `.000`: the
    /// volumes at hand); nil for `-`, pipes and tapes.
    static func regularFileSize(_ path: String) -> Int64? {
        if let volumes = VolumeNames(firstVolume: path) { return volumes.existingSizes().reduce(0, +) }
        var info = stat()
        guard path != "-", stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        return Int64(info.st_size)
    }

    static func format(_ bytes: Int64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024 && unit < units.count - 1 { value /= 1024; unit += 1 }
        return unit == 0 ? "\(bytes) B" : String(format: "%.1f", value) + " " + units[unit]
    }
}
