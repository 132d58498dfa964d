import Foundation
import Synchronization

/// A directory of ferry's in the temporary directory, removed deterministically: by `remove()`
/// when its owner is done, and by `removeAll()` on the way out of a process that is interrupted
/// (a second Ctrl-C exits at once, and `deinit` never runs at exit). A run leaves nothing behind.
public final class ScratchDirectory: Sendable {
    public let url: URL

    /// Creates `ferry-<purpose>-<uuid>` in the temporary directory.
    public init(purpose: String) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-\(purpose)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        Self.live.insert(url)
    }

    deinit { remove() }

    /// Removes the directory and what it holds. Safe to call more than once.
    public func remove() {
        if Self.live.remove(url) { try? FileManager.default.removeItem(at: url) }
    }

    /// Removes every scratch directory still alive in this process (the exit path of a signal).
    public static func removeAll() {
        for url in live.drain() { try? FileManager.default.removeItem(at: url) }
    }

    private static let live = LiveSet()

    /// The directories alive, process-wide.
    private final class LiveSet: Sendable {
        private let urls = Mutex<Set<URL>>([])

        func insert(_ url: URL) { urls.withLock { _ = $0.insert(url) } }

        /// True when `url` was alive (so exactly one caller removes it).
        func remove(_ url: URL) -> Bool {
            urls.withLock { $0.remove(url) != nil }
        }

        func drain() -> Set<URL> {
            urls.withLock { urls in
                defer { urls.removeAll() }
                return urls
            }
        }
    }
}
