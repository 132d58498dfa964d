import Foundation

/// Directories that live as long as the test process (shared caches) and are removed at exit.
enum TempCleanup {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var paths: [String] = []
    private static let registered: Void = {
        atexit {
            TempCleanup.removeAll()
        }
    }()

    static func removeAtExit(_ directory: URL) {
        _ = registered
        lock.lock()
        paths.append(directory.path)
        lock.unlock()
    }

    private static func removeAll() {
        lock.lock()
        let all = paths
        paths = []
        lock.unlock()
        for path in all { try? FileManager.default.removeItem(atPath: path) }
    }
}
