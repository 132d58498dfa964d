import Foundation

/// A test's own directory of small input files (sources lists, mapping files, keys), removed
/// when the test ends.
public final class ScratchFiles: @unchecked Sendable {
    public let directory: URL

    public init(_ prefix: String) throws { directory = try TestTools.makeTempDirectory(prefix) }

    deinit { try? FileManager.default.removeItem(at: directory) }

    /// Writes `text` to `name` in the directory; returns its path.
    public func write(_ text: String, name: String) throws -> String {
        let file = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: file)
        return file.path
    }
}
